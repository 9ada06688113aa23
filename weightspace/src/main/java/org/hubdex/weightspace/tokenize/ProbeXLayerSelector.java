package org.hubdex.weightspace.tokenize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the layer whose weights ProbeX reads. ProbeX experts are per model tree, so the layer must exist
 * with the same shape in every model of a tree: never the head (fine-tunes resize it to their classes),
 * and by default a hidden layer in the middle of the network, where the paper finds the most telling
 * weights.
 *
 * <p>The default rule, over the layers whose weight has at least two dimensions larger than one (matrices
 * and convolution kernels; not class tokens, norms or biases):
 * <ol>
 *   <li>drop the first and the last of them (the input layer and the head); with fewer than three, drop
 *       only the last;</li>
 *   <li>if some of the rest are attention output projections ({@code attn.proj}, {@code o_proj},
 *       {@code attention.output.dense}, {@code attn.c_proj}, ...), the middle one of those (as the paper
 *       does for ViTs); else if some are linear ({@code [out, in]}), the middle one of those (the probe
 *       reads a fully connected hidden layer, for the zoo's CNNs {@code classifier.0}); else the middle
 *       one of all;</li>
 *   <li>a layer over {@code maxProbeXElements} values is passed over for the nearest one under it.</li>
 * </ol>
 * "Middle" of {@code n} layers is number {@code n / 2} (from 0) in model order. A configured pattern
 * replaces the rule: the first layer in model order whose name matches.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProbeXLayerSelector {

    private static final Set<String> ATTENTION_OUTPUT_PARENTS = Set.of("attn", "attention", "self_attn", "self_attention");
    private static final Set<String> ATTENTION_OUTPUT_NAMES = Set.of("proj", "out_proj", "o_proj", "c_proj", "dense", "wo");

    private ProbeXLayerSelector() {
    }

    /** The chosen layer, or why there is none. */
    public sealed interface Choice permits Chosen, NoLayer {
    }

    /** @param layer the layer ProbeX reads */
    public record Chosen(Layer layer) implements Choice {
    }

    /** @param reason why the model has no ProbeX layer */
    public record NoLayer(String reason) implements Choice {
    }

    public static Choice choose(LayerPlan plan, TokenizerConfig config) {
        if (config.probeXLayer().isPresent()) {
            Optional<Layer> match = plan.layers().stream()
                    .filter(l -> config.probeXLayer().get().matcher(l.name()).find()).findFirst();
            if (match.isEmpty()) {
                return new NoLayer("no layer name matches the configured ProbeX pattern /" + config.probeXLayer().get().pattern() + "/");
            }
            return match.get().weight().numel() > config.maxProbeXElements()
                    ? new NoLayer("layer " + match.get().name() + " has more than " + config.maxProbeXElements() + " values")
                    : new Chosen(match.get());
        }
        List<Layer> matrices = plan.layers().stream().filter(ProbeXLayerSelector::isMatrix).toList();
        if (matrices.isEmpty()) {
            return new NoLayer("no weight matrix or convolution kernel in the checkpoint");
        }
        List<Layer> hidden = matrices.size() >= 3 ? matrices.subList(1, matrices.size() - 1)
                : matrices.subList(0, matrices.size() - 1);
        if (hidden.isEmpty()) {
            return new NoLayer("the only weight matrix (" + matrices.get(0).name() + ") is the head, whose shape depends on the classes");
        }
        List<Layer> attention = hidden.stream().filter(ProbeXLayerSelector::isAttentionOutput).toList();
        List<Layer> linear = hidden.stream().filter(l -> l.shape().length == 2).toList();
        List<Layer> pool = !attention.isEmpty() ? attention : !linear.isEmpty() ? linear : hidden;
        int middle = pool.size() / 2;
        List<Layer> byDistance = new ArrayList<>(pool);
        byDistance.sort(Comparator.comparingInt((Layer l) -> Math.abs(pool.indexOf(l) - middle))
                .thenComparingInt(pool::indexOf));
        for (Layer candidate : byDistance) {
            if (candidate.weight().numel() <= config.maxProbeXElements()) {
                return new Chosen(candidate);
            }
        }
        return new NoLayer("every candidate layer has more than " + config.maxProbeXElements() + " values (smallest: "
                + pool.stream().mapToLong(l -> l.weight().numel()).min().orElse(0) + ")");
    }

    /** At least two dimensions larger than one. */
    static boolean isMatrix(Layer layer) {
        int large = 0;
        for (long d : layer.shape()) {
            if (d > 1) {
                large++;
            }
        }
        return large >= 2;
    }

    static boolean isAttentionOutput(Layer layer) {
        String[] segments = layer.name().split("\\.");
        if (segments.length < 2) {
            return false;
        }
        String last = segments[segments.length - 1];
        String parent = segments[segments.length - 2];
        if (ATTENTION_OUTPUT_NAMES.contains(last) && ATTENTION_OUTPUT_PARENTS.contains(parent)) {
            return true;
        }
        // BERT-style: attention.output.dense
        return segments.length >= 3 && last.equals("dense") && parent.equals("output")
                && segments[segments.length - 3].equals("attention");
    }
}

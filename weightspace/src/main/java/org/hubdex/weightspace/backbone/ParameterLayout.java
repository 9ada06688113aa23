package org.hubdex.weightspace.backbone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every parameter tensor of a backbone, with its PyTorch-like name, its shape ({@code [out, in]} for linear
 * weights, as {@code torch.nn.Linear} stores them) and how it starts. The names are the file format: a saved
 * backbone is these tensors under these names, so the layout is the one place they are spelled.
 *
 * <p>Initialization (ours, GPT-2's where it applies): block projections {@code N(0, 0.02)}, the residual output
 * projections {@code N(0, 0.02 / sqrt(2 * layers))}, norm weights 1, biases 0. The two input embeddings and the
 * projection head's linears are {@code N(0, 1 / fan_in)} (LeCun) so that a token embedding starts at about unit
 * scale, level with the position code it is added to; at 0.02 the position code would drown the weights.
 *
 * <p>Immutable and thread-safe.
 */
final class ParameterLayout {

    /** How a tensor starts. */
    enum Init {
        LECUN, GPT2, GPT2_RESIDUAL, ONES, ZEROS
    }

    /** One tensor. */
    record Spec(String name, long[] shape, Init init) {
        int numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return Math.toIntExact(n);
        }

        int fanIn() {
            return (int) shape[shape.length - 1];
        }
    }

    private static final double GPT2_STD = 0.02;

    private final BackboneConfig config;
    private final List<Spec> specs;

    ParameterLayout(BackboneConfig config) {
        this.config = config;
        List<Spec> s = new ArrayList<>();
        int d = config.dModel();
        linear(s, "encoder.embed", config.tokenSize(), d, Init.LECUN, true);
        blocks(s, "encoder", config.encoderLayers());
        linear(s, "encoder.head", d, config.latentDim(), Init.GPT2, true);
        linear(s, "decoder.embed", config.latentDim(), d, Init.LECUN, true);
        blocks(s, "decoder", config.decoderLayers());
        linear(s, "decoder.head", d, config.tokenSize(), Init.GPT2, true);
        int p = config.projectionDim();
        int in = config.projectionPooling() == BackboneConfig.ProjectionPooling.MEAN
                ? config.latentDim()
                : config.windowTokens() * config.latentDim();
        linear(s, "projection.0", in, p, Init.LECUN, true);
        norm(s, "projection.1", p, true);
        linear(s, "projection.3", p, p, Init.LECUN, true);
        norm(s, "projection.4", p, true);
        this.specs = List.copyOf(s);
    }

    List<Spec> specs() {
        return specs;
    }

    BackboneConfig config() {
        return config;
    }

    /** The parameter count. */
    long parameterCount() {
        return specs.stream().mapToLong(Spec::numel).sum();
    }

    /** Fresh values for every tensor, a pure function of the layout and {@code seed}. */
    Map<String, float[]> initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double residualStd = GPT2_STD / Math.sqrt(2.0 * Math.max(config.encoderLayers(), config.decoderLayers()));
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Spec spec : specs) {
            float[] v = new float[spec.numel()];
            switch (spec.init()) {
                case ONES -> Arrays.fill(v, 1f);
                case ZEROS -> { }
                case LECUN -> gaussian(random, v, 1.0 / Math.sqrt(spec.fanIn()));
                case GPT2 -> gaussian(random, v, GPT2_STD);
                case GPT2_RESIDUAL -> gaussian(random, v, residualStd);
            }
            values.put(spec.name(), v);
        }
        return values;
    }

    private static void gaussian(SplittableRandom random, float[] v, double std) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
    }

    private void blocks(List<Spec> s, String stack, int layers) {
        int d = config.dModel();
        int hidden = d * config.mlpRatio();
        for (int i = 0; i < layers; i++) {
            String b = stack + ".blocks." + i;
            norm(s, b + ".ln_1", d, false);
            s.add(new Spec(b + ".attn.c_attn.weight", new long[] {3L * d, d}, Init.GPT2));
            s.add(new Spec(b + ".attn.c_proj.weight", new long[] {d, d}, Init.GPT2_RESIDUAL));
            norm(s, b + ".ln_2", d, false);
            s.add(new Spec(b + ".mlp.c_fc.weight", new long[] {hidden, d}, Init.GPT2));
            s.add(new Spec(b + ".mlp.c_proj.weight", new long[] {d, hidden}, Init.GPT2_RESIDUAL));
        }
        norm(s, stack + ".ln_f", d, false);
    }

    private static void linear(List<Spec> s, String prefix, int in, int out, Init init, boolean bias) {
        s.add(new Spec(prefix + ".weight", new long[] {out, in}, init));
        if (bias) {
            s.add(new Spec(prefix + ".bias", new long[] {out}, Init.ZEROS));
        }
    }

    private static void norm(List<Spec> s, String prefix, int width, boolean bias) {
        s.add(new Spec(prefix + ".weight", new long[] {width}, Init.ONES));
        if (bias) {
            s.add(new Spec(prefix + ".bias", new long[] {width}, Init.ZEROS));
        }
    }
}

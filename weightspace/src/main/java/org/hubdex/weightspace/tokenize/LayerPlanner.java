package org.hubdex.weightspace.tokenize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hubdex.weightspace.safetensors.DtypeConversions;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.TensorEntry;

/**
 * Decides which tensors of a checkpoint are layers to tokenize, pairs each weight with its bias, and puts
 * the layers in model order ({@link LayerOrder}).
 *
 * <p>Left out, each with its reason: buffers that are state rather than learned weights
 * ({@code running_mean}, {@code running_var}, {@code num_batches_tracked}, position-id and rotary
 * frequency buffers, cached attention masks), tensors whose dtype has no float32 meaning (BOOL, complex;
 * see {@link DtypeConversions#unsupportedReason}) and empty tensors. Norm weights and biases are kept as
 * layers of their own.
 *
 * <p>Stateless and thread-safe.
 */
public final class LayerPlanner {

    /** Last name segments of buffers: running statistics and counters of batch norm. */
    private static final Set<String> BUFFER_SUFFIXES = Set.of("running_mean", "running_var", "num_batches_tracked");

    /** Last name segments of non-learned buffers models save: position ids, rotary frequencies, cached masks. */
    private static final Set<String> BUFFER_NAMES = Set.of("position_ids", "token_type_ids", "inv_freq", "masked_bias",
            "relative_position_index", "attn_mask", "causal_mask");

    private LayerPlanner() {
    }

    /** The plan of a single-file checkpoint. */
    public static LayerPlan plan(SafetensorsHeader header) {
        return plan(List.of(header));
    }

    /**
     * The plan of a checkpoint stored in {@code files} (the shards of a sharded checkpoint, in order); a
     * weight and its bias may sit in different shards.
     *
     * @throws IllegalArgumentException when two files hold a tensor of the same name
     */
    public static LayerPlan plan(List<SafetensorsHeader> files) {
        Map<String, TensorRef> tensors = new HashMap<>();
        long parameterTotal = 0;
        List<SkippedTensor> skipped = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            for (TensorEntry entry : files.get(f).tensors()) {
                parameterTotal += entry.numel();
                TensorRef previous = tensors.put(entry.name(), new TensorRef(f, entry));
                if (previous != null) {
                    throw new IllegalArgumentException("tensor '" + entry.name() + "' is in file " + previous.file()
                            + " and in file " + f + " of the checkpoint");
                }
            }
        }
        Map<String, TensorRef> layerTensors = new HashMap<>();
        for (TensorRef ref : tensors.values()) {
            Optional<String> reason = skipReason(ref.entry());
            if (reason.isPresent()) {
                skipped.add(new SkippedTensor(ref.name(), reason.get()));
            } else {
                layerTensors.put(ref.name(), ref);
            }
        }

        Map<String, Layer> byName = new HashMap<>();
        for (TensorRef ref : layerTensors.values()) {
            String name = ref.name();
            if (name.endsWith(".weight")) {
                String base = name.substring(0, name.length() - ".weight".length());
                Optional<TensorRef> bias = Optional.ofNullable(layerTensors.get(base + ".bias"));
                byName.put(base, new Layer(0, base, ref, bias));
            } else if (name.endsWith(".bias") && layerTensors.containsKey(
                    name.substring(0, name.length() - ".bias".length()) + ".weight")) {
                continue; // joins its weight
            } else {
                byName.put(name, new Layer(0, name, ref, Optional.empty()));
            }
        }
        List<String> names = LayerOrder.INSTANCE.sort(new ArrayList<>(byName.keySet()));
        List<Layer> layers = new ArrayList<>(names.size());
        for (String name : names) {
            layers.add(byName.get(name).withIndex(layers.size()));
        }
        skipped.sort((a, b) -> LayerOrder.INSTANCE.compare(a.name(), b.name()));
        return new LayerPlan(layers, skipped, parameterTotal);
    }

    /** Why {@code tensor} is not tokenized, or empty when it is a layer's weight or bias. */
    static Optional<String> skipReason(TensorEntry tensor) {
        String name = tensor.name();
        String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (BUFFER_SUFFIXES.contains(last)) {
            return Optional.of("batch-norm buffer (" + last + "), not a learned weight");
        }
        if (BUFFER_NAMES.contains(last)) {
            return Optional.of("non-learned buffer (" + last + ")");
        }
        Optional<String> dtype = DtypeConversions.unsupportedReason(tensor.dtype());
        if (dtype.isPresent()) {
            return Optional.of(tensor.dtype() + ": " + dtype.get());
        }
        if (tensor.numel() == 0) {
            return Optional.of("empty tensor (shape has a zero dimension)");
        }
        return Optional.empty();
    }
}

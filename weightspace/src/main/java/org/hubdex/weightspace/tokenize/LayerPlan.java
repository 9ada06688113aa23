package org.hubdex.weightspace.tokenize;

import java.util.List;

/**
 * The layers of a checkpoint in model order, and the tensors left out with their reasons.
 *
 * @param layers layers to tokenize, {@code layers.get(i).index() == i}
 * @param skipped tensors not tokenized
 * @param parameterTotal elements in every tensor of the checkpoint (skipped ones included)
 */
public record LayerPlan(List<Layer> layers, List<SkippedTensor> skipped, long parameterTotal) {
    public LayerPlan {
        layers = List.copyOf(layers);
        skipped = List.copyOf(skipped);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).index() != i) {
                throw new IllegalArgumentException("layer " + layers.get(i).name() + " has index " + layers.get(i).index()
                        + " at position " + i);
            }
        }
    }

    /** Values in all layers. */
    public long elementCount() {
        return layers.stream().mapToLong(Layer::elementCount).sum();
    }

    /** Tokens of the whole model at that token size. */
    public long tokenCount(int tokenSize) {
        return layers.stream().mapToLong(l -> l.tokenCount(tokenSize)).sum();
    }
}

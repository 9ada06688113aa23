package org.hubdex.weightspace.tokenize;

import java.util.Objects;
import java.util.Optional;

/**
 * One layer as the dense tokenizer sees it: a weight tensor and, when the checkpoint has one, its bias.
 * The layer's values are the weight's elements (row-major, as stored) followed by the bias's; they are cut
 * into {@code ceil(elementCount / tokenSize)} tokens, the last one zero-padded.
 *
 * <p>A tensor without a {@code .weight}/{@code .bias} pair (a class token, a position table, a lone bias)
 * is a layer of its own.
 *
 * @param index position of the layer in model order (the second component of token positions)
 * @param name the layer's name: the weight's name without {@code .weight}, or the tensor's name
 * @param weight the weight tensor (or the lone tensor)
 * @param bias the bias tensor, when the layer has one
 */
public record Layer(int index, String name, TensorRef weight, Optional<TensorRef> bias) {
    public Layer {
        if (index < 0) {
            throw new IllegalArgumentException("layer index must not be negative, got " + index);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(bias, "bias");
    }

    /** Values in the layer: the weight's elements plus the bias's. */
    public long elementCount() {
        return weight.numel() + bias.map(TensorRef::numel).orElse(0L);
    }

    /** Tokens of {@code tokenSize} values this layer is cut into. */
    public long tokenCount(int tokenSize) {
        return (elementCount() + tokenSize - 1) / tokenSize;
    }

    /** The weight's shape as stored. */
    public long[] shape() {
        return weight.entry().shape();
    }

    /** A weight with at least two dimensions: a matrix, or a convolution kernel. */
    public boolean isMatrixLike() {
        return weight.entry().shape().length >= 2;
    }

    Layer withIndex(int newIndex) {
        return new Layer(newIndex, name, weight, bias);
    }
}

package org.hubdex.weightspace.tokenize;

import java.util.Objects;

/**
 * The weight matrix ProbeX reads, whole, as {@code X = W.reshape(shape[0], -1)}: one row per output unit
 * (neuron or filter), one column per input it weighs (for a convolution, input channel x kernel position
 * in row-major order). A probe {@code u} of length {@code cols} then gives {@code X u}, the layer's
 * response to {@code u} as an input. A 1-d tensor becomes a column ({@code cols = 1}).
 *
 * @param layerName the weight tensor's name in the checkpoint
 * @param sourceShape the tensor's shape as stored
 * @param rows rows of X
 * @param cols columns of X
 * @param values X, row-major, {@code rows * cols} values (the stored order of the tensor)
 */
public record ProbeXMatrix(String layerName, long[] sourceShape, int rows, int cols, float[] values) {
    public ProbeXMatrix {
        Objects.requireNonNull(layerName, "layerName");
        sourceShape = sourceShape.clone();
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("ProbeX matrix " + layerName + " is " + rows + "x" + cols + " but has "
                    + values.length + " values");
        }
    }

    @Override
    public long[] sourceShape() {
        return sourceShape.clone();
    }
}

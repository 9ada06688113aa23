package org.hubdex.weightspace.probex;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;

/**
 * The ProbeX forward pass over many scaled inputs without gradients, in batches, each in its own sub-manager of
 * {@code parent} closed at the batch's end, so that native memory stays flat however many models are scored.
 * Used for validation during training and for every prediction. Thread-safe (each call has its own buffer).
 */
final class BatchedForward {

    /** Models per forward pass: large enough to amortize the per-call overhead, small enough to bound memory. */
    static final int BATCH = 64;

    /** Row {@code i} of each array belongs to input {@code i}. */
    record Result(float[][] representation, float[][] categoryLogits, float[][] textEmbedding) {
    }

    private BatchedForward() {
    }

    static Result run(NDManager parent, ProbeXNetwork network, Map<String, NDArray> params, float[][] inputs) {
        int n = inputs.length;
        float[][] z = new float[n][];
        float[][] logits = new float[n][];
        float[][] text = new float[n][];
        if (n == 0) {
            return new Result(z, logits, text);
        }
        BatchBuffer buffer = new BatchBuffer(Math.min(BATCH, n), network.rows() * network.cols());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            try (NDManager scope = parent.newSubManager()) {
                NDArray x = scope.create(buffer.pack(inputs, order, from, count),
                        new Shape(count, network.rows(), network.cols()), DataType.FLOAT32);
                ProbeXNetwork.Outputs out = network.forward(x, params);
                split(out.representation().toFloatArray(), z, from, count);
                split(out.categoryLogits().toFloatArray(), logits, from, count);
                split(out.textEmbedding().toFloatArray(), text, from, count);
            }
        }
        return new Result(z, logits, text);
    }

    private static void split(float[] flat, float[][] rows, int from, int count) {
        int width = flat.length / count;
        for (int k = 0; k < count; k++) {
            rows[from + k] = Arrays.copyOfRange(flat, k * width, (k + 1) * width);
        }
    }
}

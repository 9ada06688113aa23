package org.hubdex.weightspace.probex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct description embeddings of a set of models, and for each model the index of its own: the
 * candidates of the text head's softmax. Two models with the same description share one candidate, so neither is
 * pushed away from the other's (identical) text.
 *
 * <p>Immutable.
 */
final class TextCandidates {

    private final int dim;
    private final float[] matrix;
    private final int[] targetOf;

    private TextCandidates(int dim, float[] matrix, int[] targetOf) {
        this.dim = dim;
        this.matrix = matrix;
        this.targetOf = targetOf;
    }

    /**
     * Candidates from the examples' text targets, deduplicated by exact value; each target is checked ({@code dim}
     * finite values, not all zero) and L2-normalized again, so that a target normalized in another precision does
     * no harm.
     *
     * @throws InvalidTrainingDataException naming the model whose target is unusable
     */
    static TextCandidates of(List<ProbeXExample> examples, int dim) {
        Map<Key, Integer> index = new HashMap<>();
        List<float[]> distinct = new ArrayList<>();
        int[] targetOf = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            float[] t = unit(examples.get(i), dim);
            targetOf[i] = index.computeIfAbsent(new Key(t), k -> {
                distinct.add(t);
                return distinct.size() - 1;
            });
        }
        float[] matrix = new float[distinct.size() * dim];
        for (int k = 0; k < distinct.size(); k++) {
            System.arraycopy(distinct.get(k), 0, matrix, k * dim, dim);
        }
        return new TextCandidates(dim, matrix, targetOf);
    }

    private static float[] unit(ProbeXExample example, int dim) {
        float[] t = example.textTarget();
        if (t.length != dim) {
            throw new InvalidTrainingDataException(example.modelId() + ": text target has " + t.length
                    + " values but the expert's textDim is " + dim);
        }
        double squares = 0;
        for (float v : t) {
            if (!Float.isFinite(v)) {
                throw new InvalidTrainingDataException(example.modelId() + ": text target holds " + v);
            }
            squares += (double) v * v;
        }
        if (squares == 0) {
            throw new InvalidTrainingDataException(example.modelId() + ": text target is all zeros");
        }
        double norm = Math.sqrt(squares);
        for (int d = 0; d < dim; d++) {
            t[d] = (float) (t[d] / norm);
        }
        return t;
    }

    /** Number of distinct texts K. */
    int count() {
        return matrix.length / dim;
    }

    /** The candidates transposed, {@code [D, K]} row-major, ready for {@code embeddings @ candidatesT}. */
    float[] transposed() {
        int k = count();
        float[] t = new float[matrix.length];
        for (int row = 0; row < k; row++) {
            for (int d = 0; d < dim; d++) {
                t[d * k + row] = matrix[row * dim + d];
            }
        }
        return t;
    }

    /** The candidate index of model {@code i}'s own text. */
    int target(int i) {
        return targetOf[i];
    }

    private record Key(float[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}

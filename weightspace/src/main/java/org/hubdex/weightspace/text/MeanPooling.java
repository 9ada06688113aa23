package org.hubdex.weightspace.text;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Sentence-transformers' pooling for all-MiniLM-L6-v2: the mean of the token vectors of the real tokens (the
 * attention mask excludes padding), then L2 normalization. The model was trained with exactly this pooling,
 * so any other (the [CLS] vector, a mean over padding) gives vectors it never learned to place.
 *
 * <p>Sums run in double so that the result does not depend on how many padding rows follow a text.
 */
final class MeanPooling {

    private MeanPooling() {}

    /**
     * Pools the model output {@code hidden}, row-major {@code [batch, length, dimension]}, with the batch's
     * attention mask, into one unit vector per sequence.
     *
     * @throws IllegalArgumentException if the buffer does not hold {@code batch * length * dimension} floats,
     *         or a sequence has no real token
     * @throws TextEncoderException if a pooled vector has zero or non-finite norm (the model misbehaved)
     */
    static float[][] pool(FloatBuffer hidden, TokenBatch batch, int dimension) {
        int size = batch.size();
        int length = batch.length();
        long expected = (long) size * length * dimension;
        if (hidden.remaining() != expected) {
            throw new IllegalArgumentException("model output holds " + hidden.remaining() + " floats, expected "
                    + size + " x " + length + " x " + dimension + " = " + expected);
        }
        long[] mask = batch.attentionMask();
        int base = hidden.position();
        float[][] pooled = new float[size][];
        double[] sum = new double[dimension];
        for (int row = 0; row < size; row++) {
            Arrays.fill(sum, 0.0);
            int tokens = 0;
            for (int t = 0; t < length; t++) {
                if (mask[row * length + t] == 0) {
                    continue;
                }
                tokens++;
                int offset = base + (row * length + t) * dimension;
                for (int d = 0; d < dimension; d++) {
                    sum[d] += hidden.get(offset + d);
                }
            }
            if (tokens == 0) {
                throw new IllegalArgumentException("sequence " + row + " has no real token to pool");
            }
            pooled[row] = normalized(sum, tokens, row);
        }
        return pooled;
    }

    private static float[] normalized(double[] sum, int tokens, int row) {
        double squares = 0;
        for (double value : sum) {
            double mean = value / tokens;
            squares += mean * mean;
        }
        double norm = Math.sqrt(squares);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new TextEncoderException("the pooled vector of sequence " + row + " has norm " + norm
                    + "; the model produced no usable output");
        }
        float[] unit = new float[sum.length];
        for (int d = 0; d < sum.length; d++) {
            unit[d] = (float) (sum[d] / tokens / norm);
        }
        return unit;
    }
}

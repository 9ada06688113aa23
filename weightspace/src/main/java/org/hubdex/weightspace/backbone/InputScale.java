package org.hubdex.weightspace.backbone;

import java.util.List;

/**
 * One corpus-wide shift and scale applied to every real weight value before the encoder, and undone on the
 * decoder's output: {@code x' = (x - mean) / std}, {@code t_hat = out * std + mean}.
 *
 * <p><b>Why.</b> Hub weights are small (typically 0.01-0.1) while the position code is of order 1, so raw values
 * enter the first linear layer far below the positions they are added to. SANE standardized every layer with
 * zoo-wide statistics; the hub backbone cannot (layers differ between architectures) and relies on masked loss
 * normalization for the loss alone. This is the scalar form of SANE's step: a fixed affine re-parameterization of
 * the first and the last linear layer, computed once from the training corpus and saved with the model, so it
 * changes the optimization's conditioning but not what the model can express, and the embedding of a model
 * still depends on nothing but that model (unlike per-batch statistics). Padding stays 0.
 *
 * @param mean mean of the real values of the corpus
 * @param std their population standard deviation (1 when the corpus is constant)
 */
record InputScale(float mean, float std) {

    /**
     * Degenerate models ({@link DegenerateWeights}) are left out of the statistics and of training, since one such
     * window would set the scale and the MLN sigma of everything else; they are still embedded, with their inputs
     * clipped.
     */
    static final float DEGENERATE_MAGNITUDE = DegenerateWeights.MAGNITUDE;
    /** Scaled inputs are clipped to {@code [-CLIP, CLIP]}: only degenerate models come near it. */
    static final float CLIP = 50f;

    /** Whether {@code sequence} holds a weight {@link DegenerateWeights} calls unsound. */
    static boolean degenerate(TokenSequence sequence) {
        float[] v = sequence.values();
        byte[] m = sequence.mask();
        for (int i = 0; i < v.length; i++) {
            if (m[i] != 0 && !DegenerateWeights.sound(v[i])) {
                return true;
            }
        }
        return false;
    }

    /** {@code value} shifted, scaled and clipped. */
    float apply(float value) {
        float scaled = (value - mean) / std;
        return scaled > CLIP ? CLIP : scaled < -CLIP ? -CLIP : scaled != scaled ? 0f : scaled;
    }

    /** The identity. */
    static final InputScale IDENTITY = new InputScale(0f, 1f);

    InputScale {
        if (!Float.isFinite(mean) || !(std > 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("bad input scale: mean " + mean + ", std " + std);
        }
    }

    /** Mean and standard deviation over the real (mask 1) values of {@code sequences}. */
    static InputScale of(List<TokenSequence> sequences) {
        double sum = 0;
        long count = 0;
        for (TokenSequence s : sequences) {
            float[] v = s.values();
            byte[] m = s.mask();
            for (int i = 0; i < v.length; i++) {
                if (m[i] != 0 && DegenerateWeights.sound(v[i])) {
                    sum += v[i];
                    count++;
                }
            }
        }
        if (count == 0) {
            return IDENTITY;
        }
        double mean = sum / count;
        double squares = 0; // second pass: no cancellation when the mean dwarfs the spread
        for (TokenSequence s : sequences) {
            float[] v = s.values();
            byte[] m = s.mask();
            for (int i = 0; i < v.length; i++) {
                if (m[i] != 0 && DegenerateWeights.sound(v[i])) {
                    double c = v[i] - mean;
                    squares += c * c;
                }
            }
        }
        double std = Math.sqrt(squares / count);
        return new InputScale((float) mean, std > 1e-12 ? (float) std : 1f);
    }
}

package org.hubdex.weightspace.backbone;

import java.util.SplittableRandom;

/**
 * The two augmentations that make a window's contrastive views, applied to raw weight values in place.
 *
 * <ul>
 *   <li><b>Multiplicative noise</b> (reference, both views): {@code w * (1 + sigma * N(0,1))}, per value. Zeros
 *       (padding) stay zero.
 *   <li><b>Random erasing</b> (reference, off in released configurations; probability configurable): with
 *       probability {@code p}, a rectangle of tokens x values covering 2-33% of the window, aspect ratio
 *       log-uniform in [0.3, 3.3] (torchvision's {@code RandomErasing} recipe, up to 10 tries to fit), set to 0.
 * </ul>
 *
 * <p>Neuron permutation views (SANE) are not implemented: with dense tokens of heterogeneous hub architectures a
 * function-preserving permutation needs each layer's row structure and its neighbours, which the token sequence
 * does not carry.
 *
 * <p>Stateless apart from its settings; callers pass the random source, so a seed fixes every draw.
 */
final class Augmenter {

    private static final double MIN_AREA = 0.02;
    private static final double MAX_AREA = 0.33;
    private static final double LOG_MIN_RATIO = Math.log(0.3);
    private static final double LOG_MAX_RATIO = Math.log(1 / 0.3);
    private static final int ERASE_TRIES = 10;

    private final double noiseSigma;
    private final double eraseProbability;

    Augmenter(double noiseSigma, double eraseProbability) {
        this.noiseSigma = noiseSigma;
        this.eraseProbability = eraseProbability;
    }

    /** Applies noise, then maybe erasing, to the {@code tokens x tokenSize} window starting at {@code offset}. */
    void apply(float[] raw, int offset, int tokens, int tokenSize, SplittableRandom random) {
        if (noiseSigma > 0) {
            int end = offset + tokens * tokenSize;
            for (int i = offset; i < end; i++) {
                raw[i] *= (float) (1.0 + noiseSigma * random.nextGaussian());
            }
        }
        if (eraseProbability > 0 && random.nextDouble() < eraseProbability) {
            erase(raw, offset, tokens, tokenSize, random);
        }
    }

    private static void erase(float[] raw, int offset, int tokens, int tokenSize, SplittableRandom random) {
        double area = (double) tokens * tokenSize;
        for (int attempt = 0; attempt < ERASE_TRIES; attempt++) {
            double target = area * (MIN_AREA + (MAX_AREA - MIN_AREA) * random.nextDouble());
            double ratio = Math.exp(LOG_MIN_RATIO + (LOG_MAX_RATIO - LOG_MIN_RATIO) * random.nextDouble());
            int h = (int) Math.round(Math.sqrt(target * ratio));
            int w = (int) Math.round(Math.sqrt(target / ratio));
            if (h >= 1 && w >= 1 && h <= tokens && w <= tokenSize) {
                int top = random.nextInt(tokens - h + 1);
                int left = random.nextInt(tokenSize - w + 1);
                for (int t = top; t < top + h; t++) {
                    int row = offset + t * tokenSize + left;
                    for (int j = 0; j < w; j++) {
                        raw[row + j] = 0f;
                    }
                }
                return;
            }
        }
    }
}

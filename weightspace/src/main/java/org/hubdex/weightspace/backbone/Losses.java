package org.hubdex.weightspace.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The backbone's two losses.
 *
 * <p><b>Masked loss normalization (MLN).</b> Over the real (mask 1) entries of the batch, {@code t_mean = mean(t)}
 * and {@code sigma = sqrt(mean((t - t_mean)^2)) + 1e-4}; the loss is the mean over those entries of
 * {@code ((t_hat - t_mean)/sigma - (t - t_mean)/sigma)^2 = ((t_hat - t) / sigma)^2}. Padding never contributes.
 * The statistics come from the targets, which carry no gradient, so they are computed in Java from the batch
 * ({@link MlnStats#of}) and enter as constants, over the whole batch (both views) as in the reference.
 *
 * <p><b>NT-Xent</b> (SimCLR): for {@code 2B} projections where row {@code i} and {@code i + B} are the two views
 * of one window, cosine similarities over the temperature, each row's own similarity excluded, and the
 * cross-entropy of picking the other view among the remaining {@code 2B - 1}, averaged over the {@code 2B} rows.
 *
 * <p>Stateless; every result lives in the first argument's manager.
 */
final class Losses {

    /** Added to sigma as in the reference. */
    static final double SIGMA_EPS = 1e-4;
    private static final float NORM_EPS = 1e-12f;

    private Losses() {
    }

    /** MLN's statistics of the real entries of a batch. */
    record MlnStats(double mean, double sigma, long count) {

        /** Statistics of {@code target} where {@code mask} is 1, over the first {@code cells} entries. */
        static MlnStats of(float[] target, float[] mask, int cells) {
            double sum = 0;
            long count = 0;
            for (int i = 0; i < cells; i++) {
                if (mask[i] != 0f) {
                    sum += target[i];
                    count++;
                }
            }
            if (count == 0) {
                throw new IllegalArgumentException("a batch without real values has no reconstruction loss");
            }
            double mean = sum / count;
            double squares = 0;
            for (int i = 0; i < cells; i++) {
                if (mask[i] != 0f) {
                    double c = target[i] - mean;
                    squares += c * c;
                }
            }
            return new MlnStats(mean, Math.sqrt(squares / count) + SIGMA_EPS, count);
        }
    }

    /** The MLN mean squared error of {@code prediction} against {@code target}, both raw, over {@code mask}. */
    static NDArray maskedNormalizedMse(NDArray prediction, NDArray target, NDArray mask, MlnStats stats) {
        NDArray diff = prediction.sub(target).mul(mask);
        return diff.mul(diff).sum().div((float) (stats.count() * stats.sigma() * stats.sigma()));
    }

    /**
     * NT-Xent of {@code z [2B, p]}, rows {@code i} and {@code i + B} positive pairs.
     *
     * @param scope where the constant masks are made (the batch's scope)
     */
    static NDArray ntXent(NDArray z, double temperature, NDManager scope) {
        long rows = z.getShape().get(0);
        if (rows % 2 != 0 || rows < 4) {
            throw new IllegalArgumentException("NT-Xent needs two views of at least 2 windows, got " + rows + " rows");
        }
        int n = Math.toIntExact(rows);
        int half = n / 2;
        // sqrt(|z|^2 + eps): a ReLU head can output an all-zero row, where the gradient of a plain norm is 0/0
        NDArray unit = z.div(z.mul(z).sum(new int[] {1}, true).add(NORM_EPS).sqrt());
        float[] diagonal = new float[n * n];
        float[] positives = new float[n * n];
        for (int i = 0; i < n; i++) {
            diagonal[i * n + i] = WindowBatch.MASKED;
            positives[i * n + (i + half) % n] = 1f;
        }
        NDArray logits = unit.matMul(unit.transpose()).div((float) temperature)
                .add(scope.create(diagonal, new Shape(n, n)));
        return logits.logSoftmax(1).mul(scope.create(positives, new Shape(n, n))).sum().div(-n);
    }
}

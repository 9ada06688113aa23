package org.hubdex.weightspace.backbone;

/**
 * Running per-dimension mean and population standard deviation of one model's token latents, accumulated in double
 * precision in the order tokens are added (token order, whatever the batching). Not thread-safe.
 */
final class LatentStatistics {

    private final double[] sum;
    private final double[] sumSquares;
    private long count;

    LatentStatistics(int width) {
        this.sum = new double[width];
        this.sumSquares = new double[width];
    }

    /** Adds the latent at {@code latents[offset, offset + width)}. */
    void add(float[] latents, int offset) {
        for (int j = 0; j < sum.length; j++) {
            double v = latents[offset + j];
            sum[j] += v;
            sumSquares[j] += v * v;
        }
        count++;
    }

    long count() {
        return count;
    }

    /** {@code [mean_0 .. mean_{w-1}, std_0 .. std_{w-1}]}. */
    float[] meanAndStd() {
        if (count == 0) {
            throw new IllegalStateException("no latents added");
        }
        int w = sum.length;
        float[] out = new float[2 * w];
        for (int j = 0; j < w; j++) {
            double mean = sum[j] / count;
            out[j] = (float) mean;
            out[w + j] = (float) Math.sqrt(Math.max(0, sumSquares[j] / count - mean * mean));
        }
        return out;
    }
}

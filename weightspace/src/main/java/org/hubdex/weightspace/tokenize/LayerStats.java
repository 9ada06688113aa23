package org.hubdex.weightspace.tokenize;

import java.util.Arrays;

/**
 * Summary statistics of one layer's values: the s(W) features that the weight-space literature finds a
 * strong baseline (mean, standard deviation and the 1/25/50/75/99th percentiles), kept beside the tokens.
 *
 * <p>Mean and (population) standard deviation use every value given, accumulated in double precision.
 * Percentiles interpolate linearly between order statistics, as numpy's default does; over more than
 * {@code sampleLimit} values they come from an evenly strided sample of {@code sampleLimit} of them
 * (rank error below 1 / sampleLimit), so that a layer of a billion values does not have to be sorted.
 *
 * @param mean mean
 * @param std population standard deviation
 * @param q01 1st percentile
 * @param q25 25th percentile
 * @param q50 median
 * @param q75 75th percentile
 * @param q99 99th percentile
 */
public record LayerStats(double mean, double std, double q01, double q25, double q50, double q75, double q99) {

    /** Statistics of {@code count} values of {@code values} from {@code offset}; needs at least one value. */
    public static LayerStats of(float[] values, int offset, int count, int sampleLimit) {
        return of(new float[][] {values}, new int[] {offset}, new int[] {count}, sampleLimit);
    }

    /**
     * Statistics of several runs of values taken together (a sampled layer's windows): run {@code i} is
     * {@code counts[i]} values of {@code arrays[i]} from {@code offsets[i]}.
     */
    public static LayerStats of(float[][] arrays, int[] offsets, int[] counts, int sampleLimit) {
        long n = 0;
        for (int count : counts) {
            n += count;
        }
        if (n == 0) {
            throw new IllegalArgumentException("statistics need at least one value");
        }
        // One pass: sums of (x - k) and (x - k)^2 around the first value k (the shift keeps the variance
        // exact enough when the mean is far from zero), four independent accumulators each so that the
        // additions do not wait on one another.
        double k = arrays[0][offsets[0]];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
        for (int r = 0; r < arrays.length; r++) {
            float[] a = arrays[r];
            int i = offsets[r];
            int end = offsets[r] + counts[r];
            for (; i + 3 < end; i += 4) {
                double d0 = a[i] - k;
                double d1 = a[i + 1] - k;
                double d2 = a[i + 2] - k;
                double d3 = a[i + 3] - k;
                s0 += d0;
                s1 += d1;
                s2 += d2;
                s3 += d3;
                q0 += d0 * d0;
                q1 += d1 * d1;
                q2 += d2 * d2;
                q3 += d3 * d3;
            }
            for (; i < end; i++) {
                double d = a[i] - k;
                s0 += d;
                q0 += d * d;
            }
        }
        double shiftedMean = (s0 + s1 + s2 + s3) / n;
        double mean = k + shiftedMean;
        double variance = Math.max(0, (q0 + q1 + q2 + q3) / n - shiftedMean * shiftedMean);
        float[] sample = sample(arrays, offsets, counts, n, sampleLimit);
        Arrays.sort(sample);
        return new LayerStats(mean, Math.sqrt(variance), quantile(sample, 0.01), quantile(sample, 0.25),
                quantile(sample, 0.50), quantile(sample, 0.75), quantile(sample, 0.99));
    }

    private static float[] sample(float[][] arrays, int[] offsets, int[] counts, long n, int sampleLimit) {
        int size = (int) Math.min(n, sampleLimit);
        float[] sample = new float[size];
        // value k of the sample is value floor(k * n / size) of the concatenated runs: all of them when n <= limit
        int run = 0;
        long runStart = 0;
        for (int k = 0; k < size; k++) {
            long index = size == n ? k : (long) ((double) k * n / size);
            while (index >= runStart + counts[run]) {
                runStart += counts[run];
                run++;
            }
            sample[k] = arrays[run][offsets[run] + (int) (index - runStart)];
        }
        return sample;
    }

    /** Linear interpolation between the closest ranks (numpy's default "linear" method). */
    static double quantile(float[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double fraction = position - lower;
        return sorted[lower] + fraction * ((double) sorted[upper] - sorted[lower]);
    }
}

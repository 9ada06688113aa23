package org.hubdex.bench;

import java.util.Arrays;

/**
 * The repeated timings of one operation and what they amount to: medians, not means, because a
 * 2-core machine shared with a broker or a garbage collector gives long-tailed timings.
 *
 * @param name what was measured, e.g. {@code ModelEvent encode (codec)}
 * @param opsPerRound operations done in each round
 * @param bytesPerOp payload bytes handled by one operation (0 when not meaningful)
 * @param roundNanos wall time of each round, in nanoseconds
 */
record Measurement(String name, long opsPerRound, long bytesPerOp, long[] roundNanos) {

    /** Median operations per second over the rounds. */
    double medianOpsPerSecond() {
        return opsPerRound / (median(roundNanos) / 1e9);
    }

    /** Median payload throughput in MB/s (10^6 bytes). */
    double medianMegabytesPerSecond() {
        return medianOpsPerSecond() * bytesPerOp / 1e6;
    }

    /** Median time of one operation, in microseconds. */
    double medianMicrosPerOp() {
        return median(roundNanos) / 1e3 / opsPerRound;
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}

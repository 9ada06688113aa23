package org.hubdex.bench;

import java.time.Duration;

/**
 * Runs an operation in timed rounds after a warm-up, so the JIT has compiled the hot path before a
 * round counts. A calibration pass counts how many operations fill one round time; every measured
 * round then does exactly that many, so rounds compare like with like.
 *
 * @param warmup how long to run before calibrating
 * @param roundTime the target duration of one round
 * @param rounds how many measured rounds
 */
record Rounds(Duration warmup, Duration roundTime, int rounds) {

    /** An operation to time; it returns something so the JIT cannot remove it as dead code. */
    @FunctionalInterface
    interface Op {
        Object run() throws Exception;
    }

    /**
     * Measures a candidate and its baseline in alternating rounds (candidate, baseline, candidate,
     * ...), so that drift on a shared machine (another process, a GC of old garbage, frequency
     * changes) hits both alike instead of whichever happened to run second.
     */
    Measurement[] measurePair(String candidateName, long candidateBytes, Op candidate,
            String baselineName, long baselineBytes, Op baseline) throws Exception {
        Blackhole sink = new Blackhole();
        runFor(warmup, candidate, sink);
        runFor(warmup, baseline, sink);
        long candidateOps = Math.max(1, runFor(roundTime, candidate, sink));
        long baselineOps = Math.max(1, runFor(roundTime, baseline, sink));
        long[] candidateNanos = new long[rounds];
        long[] baselineNanos = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            candidateNanos[r] = timeRound(candidate, candidateOps, sink);
            baselineNanos[r] = timeRound(baseline, baselineOps, sink);
        }
        sink.publish();
        return new Measurement[] {new Measurement(candidateName, candidateOps, candidateBytes, candidateNanos),
            new Measurement(baselineName, baselineOps, baselineBytes, baselineNanos)};
    }

    private static long timeRound(Op op, long ops, Blackhole sink) throws Exception {
        long start = System.nanoTime();
        for (long i = 0; i < ops; i++) {
            sink.consume(op.run());
        }
        return System.nanoTime() - start;
    }

    private static long runFor(Duration duration, Op op, Blackhole sink) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        long ops = 0;
        while (System.nanoTime() < end) {
            sink.consume(op.run());
            ops++;
        }
        return ops;
    }

    /** Folds results into a value that is published, so no operation can be optimised away. */
    private static final class Blackhole {
        private long acc;

        void consume(Object o) {
            acc += System.identityHashCode(o);
        }

        void publish() {
            if (acc == 0x5eed) {
                System.out.println(acc);
            }
        }
    }
}

package org.hubdex.hub;

import java.time.Duration;

/**
 * Waits for a duration. The client sleeps only through this interface (retry backoff, rate-limit
 * waits, an exhausted request budget), so tests pass a fake that advances a fake {@link
 * java.time.Clock} and records what was asked, and never really sleep.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code duration} (zero or negative: returns at once). */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }
}

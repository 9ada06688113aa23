package org.hubdex.indexer.index;

import java.time.Duration;

/**
 * Exponential back-off between retries: {@code base * 2^(attempt-1)}, capped at {@code max}, with up to 20% jitter
 * taken off so many indexers do not retry in step. Immutable.
 *
 * @param base the first delay
 * @param max the largest delay
 * @param maxItemAttempts how often one refused document (429/5xx on its bulk item) is tried before it is dead-lettered;
 *     failures of the whole request (connection refused, 429/5xx on the request) are retried without limit
 */
public record Backoff(Duration base, Duration max, int maxItemAttempts) {

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got base " + base + ", max " + max);
        }
        if (maxItemAttempts < 1) {
            throw new IllegalArgumentException("maxItemAttempts must be at least 1, got " + maxItemAttempts);
        }
    }

    /** 200 ms doubling to 30 s; 10 attempts per document. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 10);
    }

    /** The delay before retry number {@code attempt} (1-based). */
    public Duration delay(int attempt) {
        long ms = base.toMillis();
        for (int i = 1; i < attempt && ms < max.toMillis(); i++) {
            ms *= 2;
        }
        ms = Math.min(ms, max.toMillis());
        long jitter = (long) (ms * 0.2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.max(1, ms - jitter));
    }
}

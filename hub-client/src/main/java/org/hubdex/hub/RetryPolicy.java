package org.hubdex.hub;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When and how long the client waits before repeating a failed request: the official client's
 * behaviour by default (5 attempts, 1 s doubling to 8 s, statuses 408, 429, 500, 502, 503, 504).
 * Network failures (connection refused or reset, timeouts, a stalled or truncated body) are retried
 * like a retryable status.
 *
 * <p>The hub's own hints win over the backoff: on {@code RateLimit: ...;r=0;t=N} the client waits
 * {@code N + 1} seconds, otherwise on {@code Retry-After} (seconds or an HTTP date) it waits what
 * that says. A hint longer than {@link #maxServerDelay()} is not waited out: the call fails at once
 * with {@link RateLimitedException} (or {@link HubServerException}) carrying the reset time, so a
 * caller can schedule the work instead of blocking a thread for an hour.
 *
 * <p>An immutable value; {@code withX} returns a copy.
 *
 * @param maxAttempts total attempts including the first (1 = no retry)
 * @param baseDelay the wait after the first failure; doubled after each further one
 * @param maxDelay the cap of the doubling backoff
 * @param retryableStatuses HTTP statuses worth repeating
 * @param maxServerDelay the longest wait the client accepts from a server hint
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Set<Integer> retryableStatuses,
        Duration maxServerDelay) {

    /** 5 attempts, 1 s doubling to 8 s, 408/429/500/502/503/504, server hints up to 6 minutes (one 5-minute window and change). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8),
            Set.of(408, 429, 500, 502, 503, 504), Duration.ofMinutes(6));

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be between 1 (no retry) and 100, got " + maxAttempts);
        }
        requirePositive("baseDelay", baseDelay);
        requirePositive("maxDelay", maxDelay);
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay (" + maxDelay + ") must be at least baseDelay (" + baseDelay + ")");
        }
        Objects.requireNonNull(retryableStatuses, "retryableStatuses");
        for (int s : retryableStatuses) {
            if (s < 400 || s > 599) {
                throw new IllegalArgumentException("retryable statuses must be 4xx or 5xx, got " + s);
            }
        }
        retryableStatuses = Set.copyOf(retryableStatuses);
        requirePositive("maxServerDelay", maxServerDelay);
    }

    /** A policy that never retries (tests, one-shot tools). */
    public static RetryPolicy noRetries() {
        return DEFAULT.withMaxAttempts(1);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, retryableStatuses, maxServerDelay);
    }

    public RetryPolicy withDelays(Duration base, Duration cap) {
        return new RetryPolicy(maxAttempts, base, cap, retryableStatuses, maxServerDelay);
    }

    public RetryPolicy withRetryableStatuses(Set<Integer> statuses) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, statuses, maxServerDelay);
    }

    public RetryPolicy withMaxServerDelay(Duration max) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, retryableStatuses, max);
    }

    /** Whether a response with this status is worth repeating. */
    public boolean isRetryable(int status) {
        return retryableStatuses.contains(status);
    }

    /** The backoff after failed attempt {@code attempt} (1-based): base, 2 x base, 4 x base, ... capped at maxDelay. */
    public Duration backoff(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        Duration d = baseDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}

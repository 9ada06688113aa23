package org.hubdex.hub;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * The hub kept answering 429 until the retry policy gave up, or asked for a wait longer than the
 * policy allows ({@link RetryPolicy#maxServerDelay()}). {@link #resetAt()} says when the hub's window
 * resets, when the hub said so ({@code RateLimit: ...;t=N} or {@code Retry-After}).
 */
public class RateLimitedException extends HubException {
    private static final long serialVersionUID = 1L;

    private final Instant resetAt;

    public RateLimitedException(String message, Integer status, String requestId, URI url, Throwable cause, Instant resetAt) {
        super(message, status, requestId, url, cause);
        this.resetAt = resetAt;
    }

    /** When the hub's rate-limit window resets, if the hub said so. */
    public Optional<Instant> resetAt() {
        return Optional.ofNullable(resetAt);
    }
}

package org.hubdex.localhub;

import java.time.Duration;

/**
 * A rate limiter that really counts, like the hub's: fixed windows aligned to the epoch, one counter
 * per bucket ({@code api} for {@code /api/...}, {@code resolvers} for {@code /{id}/resolve/...}),
 * shared by all clients (everything local is one IP). Every counted response carries
 * {@code RateLimit: "<bucket>";r=<remaining>;t=<seconds to reset>} and
 * {@code RateLimit-Policy: "fixed window";"<bucket>";q=<quota>;w=<window seconds>}; a request over
 * the quota gets 429 with {@code r=0} (and {@code Retry-After} when {@code retryAfter}).
 *
 * @param apiQuota requests per window to {@code /api/...} (the hub gives anonymous users 500)
 * @param resolverQuota requests per window to resolve (anonymous: 3,000)
 * @param window window length (the hub's: 5 minutes), whole seconds
 * @param retryAfter whether a 429 also carries {@code Retry-After: <seconds to reset>}
 */
public record RateLimitPolicy(int apiQuota, int resolverQuota, Duration window, boolean retryAfter) {

    /** The hub's anonymous limits: 500 API and 3,000 resolver calls per 5 minutes, no Retry-After. */
    public static final RateLimitPolicy HUB_ANONYMOUS = new RateLimitPolicy(500, 3000, Duration.ofMinutes(5), false);

    public RateLimitPolicy {
        if (apiQuota < 1 || resolverQuota < 1) {
            throw new InvalidFaultSpecException("rate-limit quotas must be at least 1, got api=" + apiQuota + " resolvers=" + resolverQuota);
        }
        if (window == null || window.getSeconds() < 1 || window.getNano() != 0) {
            throw new InvalidFaultSpecException("rate-limit window must be a positive whole number of seconds, got " + window);
        }
    }

    /** The quota of a bucket ({@code api} or {@code resolvers}). */
    public int quota(String bucket) {
        return bucket.equals("resolvers") ? resolverQuota : apiQuota;
    }

    /** This policy in the fault-spec syntax. */
    public String toSpec() {
        return "ratelimit:api=" + apiQuota + ":resolvers=" + resolverQuota + ":window=" + window.getSeconds()
                + (retryAfter ? ":retry-after=true" : "");
    }
}

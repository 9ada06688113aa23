package org.hubdex.localhub.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.hubdex.localhub.RateLimitPolicy;

/**
 * Counts requests per bucket in fixed windows aligned to the epoch, like the hub's limiter.
 * Thread-safe.
 */
public final class RateLimiter {

    /**
     * The limiter's answer for one request.
     *
     * @param allowed whether the request is under the quota
     * @param bucket {@code api} or {@code resolvers}
     * @param quota the window's quota
     * @param remaining requests left in the window after this one
     * @param resetSeconds seconds until the window ends
     * @param windowSeconds window length
     */
    public record Verdict(boolean allowed, String bucket, int quota, long remaining, long resetSeconds, long windowSeconds) {
        /** {@code "api";r=499;t=287}. */
        public String rateLimitHeader() {
            return "\"" + bucket + "\";r=" + remaining + ";t=" + resetSeconds;
        }

        /** {@code "fixed window";"api";q=500;w=300}. */
        public String policyHeader() {
            return policyHeader(bucket, quota, windowSeconds);
        }

        public static String policyHeader(String bucket, int quota, long windowSeconds) {
            return "\"fixed window\";\"" + bucket + "\";q=" + quota + ";w=" + windowSeconds;
        }
    }

    private final RateLimitPolicy policy;
    private final Clock clock;
    private final Map<String, long[]> windows = new HashMap<>(); // bucket -> {window start second, count}

    public RateLimiter(RateLimitPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    public RateLimitPolicy policy() {
        return policy;
    }

    /** Counts one request in {@code bucket} and says whether it is allowed. */
    public synchronized Verdict acquire(String bucket) {
        long w = policy.window().getSeconds();
        long now = clock.millis() / 1000;
        long start = Math.floorDiv(now, w) * w;
        long[] state = windows.computeIfAbsent(bucket, b -> new long[] {start, 0});
        if (state[0] != start) {
            state[0] = start;
            state[1] = 0;
        }
        int quota = policy.quota(bucket);
        long reset = start + w - now;
        if (state[1] >= quota) {
            return new Verdict(false, bucket, quota, 0, reset, w);
        }
        state[1]++;
        return new Verdict(true, bucket, quota, quota - state[1], reset, w);
    }
}

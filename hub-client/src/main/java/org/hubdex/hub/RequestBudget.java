package org.hubdex.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client-side request budget per fixed window and bucket, so a backfill stays under the hub's
 * quotas instead of running into 429s: the hub counts requests in fixed 5-minute windows per bucket
 * ({@code api}: {@code /api/...}; {@code resolve}: {@code /{id}/resolve/...}), 500 / 3,000 for an
 * anonymous IP and 1,000 / 5,000 for a free account.
 *
 * <p>{@link #acquire} takes one request from the current window of a bucket; when the window is used
 * up it sleeps (through the {@link Sleeper}) until the next window starts. Windows are aligned to
 * multiples of the window length since the epoch of the {@link Clock}. The hub's {@code RateLimit}
 * header ({@code "api";r=<remaining>;t=<seconds to reset>}) is taken as a hint through {@link
 * #observeServer}: other clients behind the same IP spend the same quota, so when the hub says
 * nothing remains, {@code acquire} also waits for the hub's reset.
 *
 * <p>Lifecycle: build once per process (or per IP) and share it between clients. Thread-safe; a
 * waiting thread holds no lock.
 */
public final class RequestBudget {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBudget.class);

    /** The hub's rate-limit buckets this client uses. */
    public enum Bucket {
        /** {@code /api/...}: listings, model info, trees. */
        API("api"),
        /** {@code /{id}/resolve/...}: file reads and HEAD metadata. */
        RESOLVE("resolvers");

        private final String hubName;

        Bucket(String hubName) {
            this.hubName = hubName;
        }

        /** The bucket name in the hub's {@code RateLimit} header. */
        public String hubName() {
            return hubName;
        }

        /** The bucket of a request path on the hub: {@code /.../resolve/...} is RESOLVE, anything else API. */
        public static Bucket ofPath(String path) {
            return path != null && !path.startsWith("/api/") && path.contains("/resolve/") ? RESOLVE : API;
        }

        /** The bucket a {@code RateLimit} header names ({@code api}, {@code resolvers}), if it is one of ours. */
        public static Optional<Bucket> ofHubName(String name) {
            for (Bucket b : values()) {
                if (b.hubName.equalsIgnoreCase(name) || b.name().equalsIgnoreCase(name)) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One bucket in the current window.
     *
     * @param quota requests allowed per window
     * @param used requests taken in the current window
     * @param serverRemaining what the hub last said remains, while its window lasts
     * @param serverResetAt when the hub said its window resets
     */
    public record BucketUsage(int quota, int used, OptionalLong serverRemaining, Optional<Instant> serverResetAt) {
        /** Requests left in the current window by the client's own count. */
        public int remaining() {
            return Math.max(0, quota - used);
        }
    }

    /**
     * The budget now.
     *
     * @param windowStart start of the current window
     * @param window window length
     * @param buckets per bucket
     */
    public record Usage(Instant windowStart, Duration window, Map<Bucket, BucketUsage> buckets) {
        public Usage {
            buckets = Map.copyOf(buckets);
        }

        public BucketUsage bucket(Bucket b) {
            return buckets.get(b);
        }
    }

    /** Quotas of an anonymous IP: 500 API and 3,000 resolve requests per 5 minutes. */
    public static final int ANONYMOUS_API_QUOTA = 500;
    public static final int ANONYMOUS_RESOLVE_QUOTA = 3_000;
    /** Quotas of a free account: 1,000 API and 5,000 resolve requests per 5 minutes. */
    public static final int TOKEN_API_QUOTA = 1_000;
    public static final int TOKEN_RESOLVE_QUOTA = 5_000;
    public static final Duration HUB_WINDOW = Duration.ofMinutes(5);

    private final Map<Bucket, Integer> quotas;
    private final Duration window;
    private final Clock clock;
    private final Sleeper sleeper;
    // Guarded by this.
    private final Map<Bucket, Integer> used = new EnumMap<>(Bucket.class);
    private long windowIndex = Long.MIN_VALUE;
    private final Map<Bucket, Long> serverRemaining = new EnumMap<>(Bucket.class);
    private final Map<Bucket, Instant> serverResetAt = new EnumMap<>(Bucket.class);

    private RequestBudget(Builder b) {
        this.quotas = new EnumMap<>(Map.of(Bucket.API, b.apiQuota, Bucket.RESOLVE, b.resolveQuota));
        this.window = b.window;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default budget of an anonymous client (500 / 3,000 per 5 minutes). */
    public static RequestBudget anonymous(Clock clock, Sleeper sleeper) {
        return builder().optApiQuota(ANONYMOUS_API_QUOTA).optResolveQuota(ANONYMOUS_RESOLVE_QUOTA).optClock(clock).optSleeper(sleeper).build();
    }

    /** The default budget of a client with a (free account) token (1,000 / 5,000 per 5 minutes). */
    public static RequestBudget authenticated(Clock clock, Sleeper sleeper) {
        return builder().optApiQuota(TOKEN_API_QUOTA).optResolveQuota(TOKEN_RESOLVE_QUOTA).optClock(clock).optSleeper(sleeper).build();
    }

    /**
     * Takes one request of {@code bucket}, first waiting (through the sleeper) while the current
     * window is used up or the hub said nothing remains.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void acquire(Bucket bucket) throws InterruptedException {
        Objects.requireNonNull(bucket, "bucket");
        while (true) {
            Duration wait;
            String reason;
            synchronized (this) {
                Instant now = clock.instant();
                roll(now);
                Instant hubReset = serverResetAt.get(bucket);
                if (hubReset != null && !now.isBefore(hubReset)) {
                    serverRemaining.remove(bucket);
                    serverResetAt.remove(bucket);
                    hubReset = null;
                }
                int taken = used.getOrDefault(bucket, 0);
                int quota = quotas.get(bucket);
                Long hubLeft = serverRemaining.get(bucket);
                if (hubLeft != null && hubLeft <= 0) {
                    // The hub's reset is rounded to seconds: one more second avoids arriving a hair early.
                    wait = Duration.between(now, hubReset).plusSeconds(1);
                    reason = "the hub says the " + bucket.hubName() + " quota is used up";
                } else if (taken >= quota) {
                    wait = Duration.between(now, windowStart(windowIndex + 1));
                    reason = "the client budget of " + quota + " " + bucket.hubName() + " requests per " + window + " is used up";
                } else {
                    used.put(bucket, taken + 1);
                    if (hubLeft != null) {
                        serverRemaining.put(bucket, hubLeft - 1);
                    }
                    return;
                }
            }
            LOG.info("request budget: {}; waiting {} s", reason, wait.toMillis() / 1000.0);
            sleeper.sleep(wait);
        }
    }

    /**
     * Records the hub's view of a bucket from a {@code RateLimit} header: {@code remaining} requests
     * left, resetting in {@code resetIn}.
     */
    public synchronized void observeServer(Bucket bucket, long remaining, Duration resetIn) {
        Objects.requireNonNull(bucket, "bucket");
        Instant now = clock.instant();
        serverRemaining.put(bucket, Math.max(0, remaining));
        serverResetAt.put(bucket, now.plus(resetIn.isNegative() ? Duration.ZERO : resetIn));
    }

    /** The usage of every bucket in the current window, for metrics and logs. */
    public synchronized Usage usage() {
        Instant now = clock.instant();
        roll(now);
        Map<Bucket, BucketUsage> out = new EnumMap<>(Bucket.class);
        for (Bucket b : Bucket.values()) {
            Instant reset = serverResetAt.get(b);
            boolean hubValid = reset != null && now.isBefore(reset);
            out.put(b, new BucketUsage(quotas.get(b), used.getOrDefault(b, 0),
                    hubValid ? OptionalLong.of(serverRemaining.get(b)) : OptionalLong.empty(),
                    hubValid ? Optional.of(reset) : Optional.empty()));
        }
        return new Usage(windowStart(windowIndex), window, out);
    }

    /** The quota of a bucket per window. */
    public int quota(Bucket bucket) {
        return quotas.get(bucket);
    }

    /** The window length. */
    public Duration window() {
        return window;
    }

    private void roll(Instant now) {
        long index = Math.floorDiv(now.toEpochMilli(), window.toMillis());
        if (index != windowIndex) {
            windowIndex = index;
            used.clear();
        }
    }

    private Instant windowStart(long index) {
        return Instant.ofEpochMilli(index * window.toMillis());
    }

    @Override
    public String toString() {
        return "RequestBudget[api=" + quotas.get(Bucket.API) + ", resolve=" + quotas.get(Bucket.RESOLVE) + " per " + window + "]";
    }

    /** Builder; defaults are an anonymous client's quotas on the system clock. */
    public static final class Builder {
        private int apiQuota = ANONYMOUS_API_QUOTA;
        private int resolveQuota = ANONYMOUS_RESOLVE_QUOTA;
        private Duration window = HUB_WINDOW;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /** API requests per window (default 500, the anonymous quota; 1,000 for a free account, 2,500 for PRO). */
        public Builder optApiQuota(int quota) {
            this.apiQuota = quota;
            return this;
        }

        /** Resolve requests per window (default 3,000; 5,000 for a free account, 12,000 for PRO). */
        public Builder optResolveQuota(int quota) {
            this.resolveQuota = quota;
            return this;
        }

        /** Window length (default 5 minutes, the hub's). */
        public Builder optWindow(Duration window) {
            this.window = window;
            return this;
        }

        public Builder optClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder optSleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public RequestBudget build() {
            if (apiQuota < 1) {
                throw new IllegalArgumentException("the API quota must be at least 1 request per window, got " + apiQuota);
            }
            if (resolveQuota < 1) {
                throw new IllegalArgumentException("the resolve quota must be at least 1 request per window, got " + resolveQuota);
            }
            if (window == null || window.toMillis() < 1) {
                throw new IllegalArgumentException("the budget window must be at least 1 ms (the hub's is 5 minutes), got " + window);
            }
            Objects.requireNonNull(clock, "clock: use Clock.systemUTC() or a fake clock in tests");
            Objects.requireNonNull(sleeper, "sleeper: use Sleeper.system() or a fake sleeper in tests");
            return new RequestBudget(this);
        }
    }
}

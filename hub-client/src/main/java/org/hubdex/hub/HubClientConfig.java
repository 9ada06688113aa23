package org.hubdex.hub;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hubdex.hub.internal.Secret;

/**
 * The hub client's settings for a deployable (crawler, tokenize job, tools), declared once in
 * {@link Key} (environment variable, default, meaning): {@link #fromEnvironment()} reads and
 * validates them, {@link #describe()} prints the effective values with the token masked, {@link
 * #documentationTable()} renders the README table, and {@link #newClientBuilder()} turns them into a
 * {@link HubClient.Builder} (to which a caller may still add a clock, a sleeper or a shared budget).
 *
 * <p>Immutable and thread-safe. A final class rather than a record so that the token has no
 * accessor and cannot leak through a generated {@code toString}.
 */
public final class HubClientConfig {

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        URL("HUBDEX_HUB_URL", "https://huggingface.co", "Base URL of the hub API (the real hub, a mirror, or the local hub)."),
        TOKEN("HF_TOKEN", "(none)", "Hub access token, for gated and private repositories and higher quotas; never printed or logged."),
        API_QUOTA("HUBDEX_HUB_API_QUOTA", "500, 1000 with a token",
                "Client-side budget of /api/... requests per window (the hub's plan: anonymous 500, free 1,000, PRO 2,500)."),
        RESOLVE_QUOTA("HUBDEX_HUB_RESOLVE_QUOTA", "3000, 5000 with a token",
                "Client-side budget of /resolve/ requests (file reads) per window (anonymous 3,000, free 5,000, PRO 12,000)."),
        QUOTA_WINDOW("HUBDEX_HUB_QUOTA_WINDOW", "5m", "Length of the budget window (the hub counts in fixed 5-minute windows)."),
        CONNECT_TIMEOUT("HUBDEX_HUB_CONNECT_TIMEOUT", "10s", "TCP/TLS connect timeout."),
        TIMEOUT("HUBDEX_HUB_TIMEOUT", "60s", "How long to wait for response headers, and the longest a response body may stall."),
        MAX_ATTEMPTS("HUBDEX_HUB_MAX_ATTEMPTS", "5", "Attempts per request, the first included, on 408/429/5xx and network failures."),
        MAX_SERVER_WAIT("HUBDEX_HUB_MAX_SERVER_WAIT", "6m",
                "Longest wait accepted from the hub's RateLimit/Retry-After before failing with RateLimitedException."),
        USER_AGENT("HUBDEX_HUB_USER_AGENT", HubClient.DEFAULT_USER_AGENT, "User-Agent header of every request.");

        private final String env;
        private final String defaultText;
        private final String doc;

        Key(String env, String defaultText, String doc) {
            this.env = env;
            this.defaultText = defaultText;
            this.doc = doc;
        }

        public String env() {
            return env;
        }

        public String defaultText() {
            return defaultText;
        }

        public String doc() {
            return doc;
        }
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");

    private final URI endpoint;
    private final Secret token;
    private final int apiQuota;
    private final int resolveQuota;
    private final Duration quotaWindow;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration maxServerWait;
    private final String userAgent;

    private HubClientConfig(URI endpoint, Secret token, OptionalInt apiQuota, OptionalInt resolveQuota, Duration quotaWindow,
            Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration maxServerWait, String userAgent) {
        this.endpoint = endpoint;
        this.token = token;
        this.apiQuota = apiQuota.orElse(token.isPresent() ? RequestBudget.TOKEN_API_QUOTA : RequestBudget.ANONYMOUS_API_QUOTA);
        this.resolveQuota = resolveQuota.orElse(token.isPresent() ? RequestBudget.TOKEN_RESOLVE_QUOTA : RequestBudget.ANONYMOUS_RESOLVE_QUOTA);
        this.quotaWindow = quotaWindow;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxAttempts = maxAttempts;
        this.maxServerWait = maxServerWait;
        this.userAgent = userAgent;
    }

    /** Settings from this process's environment. */
    public static HubClientConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Settings from {@code env}; unset or blank variables take their default.
     *
     * @throws InvalidHubConfigException naming the variable whose value is unusable (never echoing the token)
     */
    public static HubClientConfig fromEnvironment(Map<String, String> env) {
        URI endpoint = get(env, Key.URL).map(v -> url(Key.URL, v)).orElse(HubClient.DEFAULT_ENDPOINT);
        Secret token;
        try {
            token = Secret.of(get(env, Key.TOKEN).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new InvalidHubConfigException(Key.TOKEN.env() + " is not usable: " + e.getMessage());
        }
        OptionalInt api = get(env, Key.API_QUOTA).map(v -> OptionalInt.of(positiveInt(Key.API_QUOTA, v))).orElse(OptionalInt.empty());
        OptionalInt resolve = get(env, Key.RESOLVE_QUOTA).map(v -> OptionalInt.of(positiveInt(Key.RESOLVE_QUOTA, v)))
                .orElse(OptionalInt.empty());
        int attempts = positiveInt(Key.MAX_ATTEMPTS, get(env, Key.MAX_ATTEMPTS).orElse(Key.MAX_ATTEMPTS.defaultText()));
        if (attempts > 100) {
            throw new InvalidHubConfigException(Key.MAX_ATTEMPTS.env() + " must be between 1 and 100, got " + attempts);
        }
        String ua = get(env, Key.USER_AGENT).orElse(Key.USER_AGENT.defaultText());
        return new HubClientConfig(endpoint, token, api, resolve, duration(env, Key.QUOTA_WINDOW), duration(env, Key.CONNECT_TIMEOUT),
                duration(env, Key.TIMEOUT), attempts, duration(env, Key.MAX_SERVER_WAIT), ua);
    }

    /** A client builder with these settings. */
    public HubClient.Builder newClientBuilder() {
        RetryPolicy policy = RetryPolicy.DEFAULT.withMaxAttempts(maxAttempts).withMaxServerDelay(maxServerWait);
        HubClient.Builder b = HubClient.builder().optEndpoint(endpoint).optUserAgent(userAgent).optRetryPolicy(policy)
                .optConnectTimeout(connectTimeout).optRequestTimeout(requestTimeout)
                .optRequestBudget(RequestBudget.builder().optApiQuota(apiQuota).optResolveQuota(resolveQuota).optWindow(quotaWindow).build());
        return b.optSecret(token);
    }

    /**
     * A client builder with these settings whose budget uses {@code clock} and {@code sleeper}
     * (tests with a fake clock).
     */
    public HubClient.Builder newClientBuilder(java.time.Clock clock, Sleeper sleeper) {
        return newClientBuilder().optClock(clock).optSleeper(sleeper)
                .optRequestBudget(RequestBudget.builder().optApiQuota(apiQuota).optResolveQuota(resolveQuota).optWindow(quotaWindow)
                        .optClock(clock).optSleeper(sleeper).build());
    }

    public URI endpoint() {
        return endpoint;
    }

    public boolean hasToken() {
        return token.isPresent();
    }

    public int apiQuota() {
        return apiQuota;
    }

    public int resolveQuota() {
        return resolveQuota;
    }

    public Duration quotaWindow() {
        return quotaWindow;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration maxServerWait() {
        return maxServerWait;
    }

    public String userAgent() {
        return userAgent;
    }

    /** The effective settings, one {@code VARIABLE = value} line each, the token masked. */
    public String describe() {
        Map<Key, Object> values = new EnumMap<>(Key.class);
        values.put(Key.URL, endpoint);
        values.put(Key.TOKEN, token.masked());
        values.put(Key.API_QUOTA, apiQuota);
        values.put(Key.RESOLVE_QUOTA, resolveQuota);
        values.put(Key.QUOTA_WINDOW, format(quotaWindow));
        values.put(Key.CONNECT_TIMEOUT, format(connectTimeout));
        values.put(Key.TIMEOUT, format(requestTimeout));
        values.put(Key.MAX_ATTEMPTS, maxAttempts);
        values.put(Key.MAX_SERVER_WAIT, format(maxServerWait));
        values.put(Key.USER_AGENT, userAgent);
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(String.format("%-27s = %s%n", k.env(), v)));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "HubClientConfig[endpoint=" + endpoint + ", token=" + token.masked() + ", apiQuota=" + apiQuota + ", resolveQuota="
                + resolveQuota + ", window=" + format(quotaWindow) + ", connectTimeout=" + format(connectTimeout) + ", timeout="
                + format(requestTimeout) + ", maxAttempts=" + maxAttempts + ", maxServerWait=" + format(maxServerWait) + "]";
    }

    /** The Markdown table of every setting (variable, default, meaning), as in the README. */
    public static String documentationTable() {
        StringBuilder sb = new StringBuilder("| Variable | Default | Meaning |\n|---|---|---|\n");
        for (Key k : Key.values()) {
            sb.append("| `").append(k.env()).append("` | `").append(k.defaultText()).append("` | ").append(k.doc()).append(" |\n");
        }
        return sb.toString();
    }

    /** Parses {@code 90}, {@code 90s}, {@code 2m}, {@code 1h}, {@code 500ms} or ISO-8601 ({@code PT90S}); a bare number is seconds. */
    static Duration parseDuration(Key key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new InvalidHubConfigException(key.env() + " must be a duration such as 60s, 2m, 500ms or PT60S, got '" + text + "'");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new InvalidHubConfigException(key.env() + " must be a positive duration, got '" + text + "'");
        }
        return d;
    }

    private static Duration duration(Map<String, String> env, Key key) {
        return parseDuration(key, get(env, key).orElse(key.defaultText()));
    }

    private static URI url(Key key, String v) {
        try {
            URI u = new URI(v.trim());
            if (!u.isAbsolute() || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawUserInfo() != null) {
                throw new InvalidHubConfigException(key.env() + " must be an http(s) base URL such as https://huggingface.co"
                        + " (no query, no credentials), got '" + v + "'");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new InvalidHubConfigException(key.env() + " is not a URL: '" + v + "' (" + e.getReason() + ")");
        }
    }

    private static int positiveInt(Key key, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new InvalidHubConfigException(key.env() + " must be a positive whole number, got '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidHubConfigException(key.env() + " must be a positive whole number, got '" + v + "'");
        }
    }

    private static Optional<String> get(Map<String, String> env, Key key) {
        Objects.requireNonNull(env, "env");
        String v = env.get(key.env());
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static String format(Duration d) {
        if (d.toMillis() % 60_000 == 0 && d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}

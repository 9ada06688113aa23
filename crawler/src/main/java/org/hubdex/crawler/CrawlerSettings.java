package org.hubdex.crawler;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The crawler's settings, declared once in {@link Key} (environment variable, default, meaning), read
 * by {@link #fromEnvironment}, overridden by command-line flags through the {@code withX} copies,
 * printed by {@link #describe()} and rendered into the README by {@link #documentationTable()}. The
 * hub endpoint and token belong to the hub client's own configuration ({@code HUBDEX_HUB_URL},
 * {@code HF_TOKEN}).
 *
 * @param bootstrapServers Kafka brokers the events and state go to
 * @param crawlerId names this crawler's state and transactional id; one id per hub and configuration
 * @param interval pause between two polls
 * @param sorts the listing orders polled, newest first (createdAt catches new models, lastModified new commits)
 * @param pageSize entries per listing page (the official clients use 500-1000)
 * @param initialLookback how far back the first poll of a fresh crawler reaches; empty means everything
 * @param metricsPort port of the /metrics and /health endpoint; 0 picks a free port, empty turns it off
 */
public record CrawlerSettings(
        String bootstrapServers,
        String crawlerId,
        Duration interval,
        List<String> sorts,
        int pageSize,
        Optional<Duration> initialLookback,
        Optional<Integer> metricsPort) {

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        BOOTSTRAP("HUBDEX_KAFKA_BOOTSTRAP", "localhost:9092", "Kafka brokers the crawler writes to."),
        CRAWLER_ID("HUBDEX_CRAWLER_ID", "host of the hub URL", "Names the crawler's state in hub.crawler-state and its transactional id."),
        INTERVAL("HUBDEX_CRAWLER_INTERVAL", "60s", "Pause between two polls of the hub."),
        SORTS("HUBDEX_CRAWLER_SORTS", "createdAt,lastModified", "Listing orders polled newest first: createdAt finds new models, lastModified new commits."),
        PAGE_SIZE("HUBDEX_CRAWLER_PAGE_SIZE", "500", "Models per listing page (1-1000); one Kafka transaction per page."),
        LOOKBACK("HUBDEX_CRAWLER_LOOKBACK", "all", "How far back a fresh crawler's first poll reaches (e.g. 7d, 48h, all); a backfill walks everything."),
        METRICS_PORT("HUBDEX_CRAWLER_METRICS_PORT", "9465", "Port of GET /metrics (Prometheus text) and GET /health; `off` disables it, 0 picks a free port.");

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

    /** Listing orders the crawler knows how to poll; each has a timestamp to stop at. */
    public static final List<String> POLLABLE_SORTS = List.of("createdAt", "lastModified");

    private static final Pattern CRAWLER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)?");

    public CrawlerSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new InvalidCrawlerSettingException(Key.BOOTSTRAP.env() + " must name at least one broker, e.g. localhost:9092");
        }
        if (crawlerId == null || !CRAWLER_ID.matcher(crawlerId).matches()) {
            throw new InvalidCrawlerSettingException(Key.CRAWLER_ID.env() + " must match " + CRAWLER_ID.pattern()
                    + " (it becomes part of a Kafka transactional id), got '" + crawlerId + "'");
        }
        if (interval == null || interval.isNegative()) {
            throw new InvalidCrawlerSettingException(Key.INTERVAL.env() + " must be a duration of 0 or more, got " + interval);
        }
        sorts = List.copyOf(sorts);
        if (sorts.isEmpty() || !POLLABLE_SORTS.containsAll(sorts)) {
            throw new InvalidCrawlerSettingException(Key.SORTS.env() + " must list some of " + POLLABLE_SORTS + ", got " + sorts);
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new InvalidCrawlerSettingException(Key.PAGE_SIZE.env() + " must be 1-1000, got " + pageSize);
        }
        if (metricsPort.isPresent() && (metricsPort.get() < 0 || metricsPort.get() > 65535)) {
            throw new InvalidCrawlerSettingException(Key.METRICS_PORT.env() + " must be a port (0 for any free one) or off, got " + metricsPort.get());
        }
    }

    /** Settings from this process's environment; {@code hubUrl} supplies the default crawler id. */
    public static CrawlerSettings fromEnvironment(String hubUrl) {
        return fromEnvironment(System.getenv(), hubUrl);
    }

    /** Settings from {@code env}; unset or blank variables take their defaults. */
    public static CrawlerSettings fromEnvironment(Map<String, String> env, String hubUrl) {
        String id = get(env, Key.CRAWLER_ID).orElseGet(() -> defaultCrawlerId(hubUrl));
        return new CrawlerSettings(
                get(env, Key.BOOTSTRAP).orElse(Key.BOOTSTRAP.defaultText()),
                id,
                parseDuration(Key.INTERVAL.env(), get(env, Key.INTERVAL).orElse(Key.INTERVAL.defaultText())),
                parseSorts(get(env, Key.SORTS).orElse(Key.SORTS.defaultText())),
                parseInt(Key.PAGE_SIZE.env(), get(env, Key.PAGE_SIZE).orElse(Key.PAGE_SIZE.defaultText())),
                parseLookback(get(env, Key.LOOKBACK).orElse(Key.LOOKBACK.defaultText())),
                parseMetricsPort(get(env, Key.METRICS_PORT).orElse(Key.METRICS_PORT.defaultText())));
    }

    /** The crawler id a hub URL gets by default: its host and port, e.g. {@code huggingface.co}. */
    public static String defaultCrawlerId(String hubUrl) {
        java.net.URI uri = java.net.URI.create(hubUrl);
        String host = uri.getHost() == null ? "hub" : uri.getHost();
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    public CrawlerSettings withBootstrapServers(String value) {
        return new CrawlerSettings(value, crawlerId, interval, sorts, pageSize, initialLookback, metricsPort);
    }

    public CrawlerSettings withCrawlerId(String value) {
        return new CrawlerSettings(bootstrapServers, value, interval, sorts, pageSize, initialLookback, metricsPort);
    }

    public CrawlerSettings withInterval(Duration value) {
        return new CrawlerSettings(bootstrapServers, crawlerId, value, sorts, pageSize, initialLookback, metricsPort);
    }

    public CrawlerSettings withSorts(List<String> value) {
        return new CrawlerSettings(bootstrapServers, crawlerId, interval, value, pageSize, initialLookback, metricsPort);
    }

    public CrawlerSettings withPageSize(int value) {
        return new CrawlerSettings(bootstrapServers, crawlerId, interval, sorts, value, initialLookback, metricsPort);
    }

    public CrawlerSettings withInitialLookback(Optional<Duration> value) {
        return new CrawlerSettings(bootstrapServers, crawlerId, interval, sorts, pageSize, value, metricsPort);
    }

    public CrawlerSettings withMetricsPort(Optional<Integer> value) {
        return new CrawlerSettings(bootstrapServers, crawlerId, interval, sorts, pageSize, initialLookback, value);
    }

    /** The oldest timestamp a fresh crawler's first poll looks at, or empty for everything. */
    public Optional<Instant> initialMark(Instant now) {
        return initialLookback.map(now::minus);
    }

    /** The effective settings, one per line, for the start-up log. */
    public String describe() {
        return String.join("\n",
                Key.BOOTSTRAP.env() + "=" + bootstrapServers,
                Key.CRAWLER_ID.env() + "=" + crawlerId,
                Key.INTERVAL.env() + "=" + interval.toSeconds() + "s",
                Key.SORTS.env() + "=" + String.join(",", sorts),
                Key.PAGE_SIZE.env() + "=" + pageSize,
                Key.LOOKBACK.env() + "=" + initialLookback.map(d -> d.toHours() + "h").orElse("all"),
                Key.METRICS_PORT.env() + "=" + metricsPort.map(String::valueOf).orElse("off"));
    }

    /** The README table of the settings. */
    public static String documentationTable() {
        StringBuilder sb = new StringBuilder("| Variable | Default | Meaning |\n|---|---|---|\n");
        for (Key k : Key.values()) {
            sb.append("| `").append(k.env()).append("` | `").append(k.defaultText()).append("` | ").append(k.doc()).append(" |\n");
        }
        return sb.toString();
    }

    /** Parses {@code 90}, {@code 90s}, {@code 500ms}, {@code 2m}, {@code 6h}, {@code 7d} or ISO-8601 ({@code PT90S}); bare numbers are seconds. */
    public static Duration parseDuration(String what, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        var m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidCrawlerSettingException(what + " must be a duration such as 90s, 5m, 7d or PT90S, got '" + text + "'");
        }
    }

    static Optional<Duration> parseLookback(String text) {
        return text.trim().equalsIgnoreCase("all") ? Optional.empty() : Optional.of(parseDuration(Key.LOOKBACK.env(), text));
    }

    static Optional<Integer> parseMetricsPort(String text) {
        return text.trim().equalsIgnoreCase("off") ? Optional.empty() : Optional.of(parseInt(Key.METRICS_PORT.env(), text));
    }

    static List<String> parseSorts(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int parseInt(String what, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidCrawlerSettingException(what + " must be an integer, got '" + text + "'");
        }
    }

    private static Optional<String> get(Map<String, String> env, Key key) {
        String value = env.get(key.env());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}

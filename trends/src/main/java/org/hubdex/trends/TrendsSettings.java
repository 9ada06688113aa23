package org.hubdex.trends;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The trends application's settings, declared once in {@link Key} (environment variable, default, meaning), read
 * by {@link #fromEnvironment}, changed one at a time by {@link #with(Key, String)} (command-line flags, tests),
 * printed by {@link #describe()} and rendered into the README by {@link #documentationTable()}. An optional
 * file of {@code HUBDEX_...=value} lines ({@code ops/trends --config FILE}) gives defaults the environment
 * overrides.
 *
 * @param bootstrapServers Kafka brokers
 * @param applicationId Kafka Streams application id: names the consumer group, transactional ids and internal topics
 * @param stateDir where RocksDB keeps the state stores
 * @param windows the windows counted in, each with its own stores
 * @param grace how long after its end a window still takes events as live (and may alert); later events are history
 * @param retention how far behind the newest event time windows are kept; older events are not placed
 * @param alertFactor a count alerts when it reaches this factor times its baseline
 * @param alertMinCount the smallest count that may alert
 * @param baselineWindows how many earlier windows of the same size the baseline averages
 * @param partitions partitions of the by-dimension repartition topic: the parallelism of counting and of queries
 * @param standbyReplicas standby copies of each state store on other instances
 * @param threads stream threads of this instance
 * @param httpPort port of the HTTP API, dashboard and metrics; 0 picks a free one
 * @param advertisedHost the host other instances reach this one's HTTP API at
 * @param rocksDbMemoryMb memory all RocksDB stores of this instance share (block cache and write buffers)
 * @param commitInterval how often Kafka Streams commits its transaction: the latency floor of hub.trends
 * @param sessionTimeout how long the consumer group waits for a silent instance before moving its work
 */
public record TrendsSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        List<WindowSpec> windows,
        Duration grace,
        Duration retention,
        double alertFactor,
        long alertMinCount,
        int baselineWindows,
        int partitions,
        int standbyReplicas,
        int threads,
        int httpPort,
        String advertisedHost,
        int rocksDbMemoryMb,
        Duration commitInterval,
        Duration sessionTimeout) {

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        BOOTSTRAP("HUBDEX_KAFKA_BOOTSTRAP", "localhost:9092", "Kafka brokers the application reads from and writes to."),
        APPLICATION_ID("HUBDEX_TRENDS_APPLICATION_ID", "hubdex-trends", "Kafka Streams application id: names the consumer group, the transactional ids and the internal topics; instances with the same id share the work."),
        STATE_DIR("HUBDEX_TRENDS_STATE_DIR", "$HUBDEX_HOME/trends", "Where RocksDB keeps this instance's state stores."),
        WINDOWS("HUBDEX_TRENDS_WINDOWS", "1h,1d", "Windows counted in: `1h` is tumbling, `1d/1h` a day long starting every hour (hopping)."),
        GRACE("HUBDEX_TRENDS_GRACE", "15m", "How long after its end (in event time) a window still takes events as live and may alert; later events are placed as history."),
        RETENTION("HUBDEX_TRENDS_RETENTION", "730d", "How far behind the newest event time windows are kept and queryable; older events are not placed (counted in a metric)."),
        ALERT_FACTOR("HUBDEX_TRENDS_ALERT_FACTOR", "3.0", "A live window's count alerts when it reaches this factor times its baseline (or the baseline is 0)."),
        ALERT_MIN_COUNT("HUBDEX_TRENDS_ALERT_MIN_COUNT", "5", "The smallest count that may alert."),
        BASELINE_WINDOWS("HUBDEX_TRENDS_BASELINE_WINDOWS", "24", "How many earlier windows of the same size the baseline averages (missing windows count as 0)."),
        PARTITIONS("HUBDEX_TRENDS_PARTITIONS", "3", "Partitions of the by-dimension repartition topic: how many instances can share counting and queries."),
        STANDBY_REPLICAS("HUBDEX_TRENDS_STANDBY_REPLICAS", "0", "Standby copies of each state store kept warm on other instances, for fast fail-over."),
        THREADS("HUBDEX_TRENDS_THREADS", "1", "Stream threads of this instance."),
        PORT("HUBDEX_TRENDS_PORT", "8930", "Port of the HTTP API, the dashboard and GET /metrics; 0 picks a free port."),
        HOST("HUBDEX_TRENDS_HOST", "localhost", "Host other instances reach this instance's HTTP API at (Kafka Streams' application.server)."),
        ROCKSDB_MEMORY("HUBDEX_TRENDS_ROCKSDB_MB", "64", "Memory in MB that all RocksDB stores of this instance share (block cache and write buffers)."),
        COMMIT_INTERVAL("HUBDEX_TRENDS_COMMIT_INTERVAL", "100ms", "How often the exactly-once transaction commits: the least delay before results are visible in hub.trends."),
        SESSION_TIMEOUT("HUBDEX_TRENDS_SESSION_TIMEOUT", "45s", "How long the group waits for an instance that went silent (killed, partitioned) before moving its work to the others (6s-5m).");

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

    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public TrendsSettings {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), Key.BOOTSTRAP, "must name at least one broker, e.g. localhost:9092");
        require(applicationId != null && APP_ID.matcher(applicationId).matches(), Key.APPLICATION_ID,
                "must match " + APP_ID.pattern() + " (it names Kafka topics and transactional ids), got '" + applicationId + "'");
        windows = List.copyOf(windows);
        require(!windows.isEmpty(), Key.WINDOWS, "must list at least one window, e.g. 1h,1d");
        require(windows.stream().map(WindowSpec::name).distinct().count() == windows.size(), Key.WINDOWS, "lists a window twice: " + windows);
        require(!grace.isNegative(), Key.GRACE, "must be 0 or more, got " + grace);
        for (WindowSpec w : windows) {
            require(retention.compareTo(w.size()) >= 0, Key.RETENTION, "must be at least the largest window (" + w + "), got " + DurationText.format(retention));
        }
        require(alertFactor > 1.0, Key.ALERT_FACTOR, "must be above 1.0, got " + alertFactor);
        require(alertMinCount >= 1, Key.ALERT_MIN_COUNT, "must be 1 or more, got " + alertMinCount);
        require(baselineWindows >= 1 && baselineWindows <= 1000, Key.BASELINE_WINDOWS, "must be 1-1000, got " + baselineWindows);
        require(partitions >= 1 && partitions <= 1000, Key.PARTITIONS, "must be 1-1000, got " + partitions);
        require(standbyReplicas >= 0 && standbyReplicas <= 10, Key.STANDBY_REPLICAS, "must be 0-10, got " + standbyReplicas);
        require(threads >= 1 && threads <= 64, Key.THREADS, "must be 1-64, got " + threads);
        require(httpPort >= 0 && httpPort <= 65535, Key.PORT, "must be a port (0 for any free one), got " + httpPort);
        require(advertisedHost != null && !advertisedHost.isBlank() && !advertisedHost.contains(":"), Key.HOST,
                "must be a host name or IPv4 address without port, got '" + advertisedHost + "'");
        require(rocksDbMemoryMb >= 8 && rocksDbMemoryMb <= 65536, Key.ROCKSDB_MEMORY, "must be 8-65536 (MB), got " + rocksDbMemoryMb);
        require(!commitInterval.isNegative() && !commitInterval.isZero(), Key.COMMIT_INTERVAL, "must be positive, got " + commitInterval);
        require(sessionTimeout.compareTo(Duration.ofSeconds(6)) >= 0 && sessionTimeout.compareTo(Duration.ofMinutes(5)) <= 0, Key.SESSION_TIMEOUT,
                "must be 6s-5m (the broker's group session bounds), got " + DurationText.format(sessionTimeout));
    }

    /** Settings from this process's environment. */
    public static TrendsSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Settings from {@code env}; unset or blank variables take their defaults. */
    public static TrendsSettings fromEnvironment(Map<String, String> env) {
        String home = env.getOrDefault("HUBDEX_HOME", ".hubdex");
        return new TrendsSettings(
                text(env, Key.BOOTSTRAP),
                text(env, Key.APPLICATION_ID),
                Path.of(get(env, Key.STATE_DIR, Path.of(home.isBlank() ? ".hubdex" : home, "trends").toString())),
                Arrays.stream(text(env, Key.WINDOWS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(WindowSpec::parse).toList(),
                DurationText.parse(Key.GRACE.env(), text(env, Key.GRACE)),
                DurationText.parse(Key.RETENTION.env(), text(env, Key.RETENTION)),
                parseDouble(Key.ALERT_FACTOR, text(env, Key.ALERT_FACTOR)),
                parseLong(Key.ALERT_MIN_COUNT, text(env, Key.ALERT_MIN_COUNT)),
                (int) parseLong(Key.BASELINE_WINDOWS, text(env, Key.BASELINE_WINDOWS)),
                (int) parseLong(Key.PARTITIONS, text(env, Key.PARTITIONS)),
                (int) parseLong(Key.STANDBY_REPLICAS, text(env, Key.STANDBY_REPLICAS)),
                (int) parseLong(Key.THREADS, text(env, Key.THREADS)),
                (int) parseLong(Key.PORT, text(env, Key.PORT)),
                text(env, Key.HOST),
                (int) parseLong(Key.ROCKSDB_MEMORY, text(env, Key.ROCKSDB_MEMORY)),
                DurationText.parse(Key.COMMIT_INTERVAL.env(), text(env, Key.COMMIT_INTERVAL)),
                DurationText.parse(Key.SESSION_TIMEOUT.env(), text(env, Key.SESSION_TIMEOUT)));
    }

    /**
     * Settings from a file of {@code HUBDEX_...=value} lines ({@code #} starts a comment), overridden by
     * {@code env}.
     */
    public static TrendsSettings fromFileAndEnvironment(Path file, Map<String, String> env) {
        Map<String, String> merged = new LinkedHashMap<>();
        try {
            for (String line : java.nio.file.Files.readAllLines(file)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidTrendsSettingException(file + ": expected NAME=value, got '" + line + "'");
                }
                merged.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        } catch (java.io.IOException e) {
            throw new InvalidTrendsSettingException("cannot read settings file " + file + ": " + e.getMessage());
        }
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                merged.put(k, v);
            }
        });
        return fromEnvironment(merged);
    }

    /** A copy with one setting changed, given as its environment text (validated like the environment). */
    public TrendsSettings with(Key key, String value) {
        Map<String, String> env = asEnvironment();
        env.put(key.env(), value);
        return fromEnvironment(env);
    }

    /** The effective settings as environment text, in {@link Key} order. */
    public Map<String, String> asEnvironment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Key.BOOTSTRAP.env(), bootstrapServers);
        m.put(Key.APPLICATION_ID.env(), applicationId);
        m.put(Key.STATE_DIR.env(), stateDir.toString());
        m.put(Key.WINDOWS.env(), String.join(",", windows.stream().map(WindowSpec::toString).toList()));
        m.put(Key.GRACE.env(), DurationText.format(grace));
        m.put(Key.RETENTION.env(), DurationText.format(retention));
        m.put(Key.ALERT_FACTOR.env(), String.valueOf(alertFactor));
        m.put(Key.ALERT_MIN_COUNT.env(), String.valueOf(alertMinCount));
        m.put(Key.BASELINE_WINDOWS.env(), String.valueOf(baselineWindows));
        m.put(Key.PARTITIONS.env(), String.valueOf(partitions));
        m.put(Key.STANDBY_REPLICAS.env(), String.valueOf(standbyReplicas));
        m.put(Key.THREADS.env(), String.valueOf(threads));
        m.put(Key.PORT.env(), String.valueOf(httpPort));
        m.put(Key.HOST.env(), advertisedHost);
        m.put(Key.ROCKSDB_MEMORY.env(), String.valueOf(rocksDbMemoryMb));
        m.put(Key.COMMIT_INTERVAL.env(), DurationText.format(commitInterval));
        m.put(Key.SESSION_TIMEOUT.env(), DurationText.format(sessionTimeout));
        return m;
    }

    /** The effective settings, one per line, for the start-up log (nothing here is secret). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        asEnvironment().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString().strip();
    }

    /** The README table of the settings. */
    public static String documentationTable() {
        StringBuilder sb = new StringBuilder("| Variable | Default | Meaning |\n|---|---|---|\n");
        for (Key k : Key.values()) {
            sb.append("| `").append(k.env()).append("` | `").append(k.defaultText()).append("` | ").append(k.doc()).append(" |\n");
        }
        return sb.toString();
    }

    /** The largest window size: how far back a baseline reaches is {@code baselineWindows} of these. */
    public Duration largestWindow() {
        return windows.stream().map(WindowSpec::size).max(Duration::compareTo).orElseThrow();
    }

    private static String text(Map<String, String> env, Key key) {
        return get(env, key, key.defaultText());
    }

    private static String get(Map<String, String> env, Key key, String fallback) {
        String value = env.get(key.env());
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static double parseDouble(Key key, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidTrendsSettingException(key.env() + " must be a number, got '" + text + "'");
        }
    }

    private static long parseLong(Key key, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidTrendsSettingException(key.env() + " must be an integer, got '" + text + "'");
        }
    }

    private static void require(boolean ok, Key key, String problem) {
        if (!ok) {
            throw new InvalidTrendsSettingException(key.env() + " " + problem);
        }
    }
}

package org.hubdex.trainer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.hubdex.trainer.gate.MetricRule;
import org.hubdex.trainer.gate.QualityGate;
import org.hubdex.trainer.internal.DurationText;
import org.hubdex.trainer.schedule.RetrainPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's settings, declared once in {@link Key} (environment variable, default, meaning), read by
 * {@link #fromEnvironment} or {@link #fromFileAndEnvironment} (a properties file of {@code HUBDEX_...=value} lines
 * gives defaults the environment overrides), changed one at a time by {@link #with(Key, String)}, printed by
 * {@link #describe()} and rendered into the README by {@link #documentationTable()}. Every value is checked when the
 * settings are made; a bad one is an {@link InvalidTrainerSettingException} naming its variable.
 *
 * @param bootstrapServers Kafka brokers {@code hub.control} is on
 * @param registryDir the model registry's directory
 * @param interval retrain at least this often
 * @param minNewEntries this many new corpus entries trigger a retraining sooner
 * @param minGap the least time between two trainings
 * @param checkInterval how often the retrain loop checks
 * @param gateMetrics the metrics the quality gate compares, with direction and tolerance
 * @param keepRetired retired versions kept on disk by pruning
 * @param ackTimeout how long an announcement on {@code hub.control} waits for the broker
 */
public record TrainerSettings(
        String bootstrapServers,
        Path registryDir,
        Duration interval,
        long minNewEntries,
        Duration minGap,
        Duration checkInterval,
        List<MetricRule> gateMetrics,
        int keepRetired,
        Duration ackTimeout) {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerSettings.class);

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        BOOTSTRAP("HUBDEX_KAFKA_BOOTSTRAP", "localhost:9092", "Kafka brokers the trainer announces versions to (`hub.control`)."),
        REGISTRY_DIR("HUBDEX_TRAINER_REGISTRY_DIR", "$HUBDEX_HOME/registry", "The model registry's directory: one folder per version, `current` naming the serving one."),
        INTERVAL("HUBDEX_TRAINER_INTERVAL", "6h", "Retrain at least this often (since the last training started)."),
        MIN_NEW_ENTRIES("HUBDEX_TRAINER_MIN_NEW_ENTRIES", "100", "This many new corpus entries (model revisions) since the last training trigger a retraining before the interval is up."),
        MIN_GAP("HUBDEX_TRAINER_MIN_GAP", "10m", "The least time between two trainings, whatever triggers them (at most the interval)."),
        CHECK_INTERVAL("HUBDEX_TRAINER_CHECK_INTERVAL", "1m", "How often the retrain loop checks the schedule and the corpus; also the first back-off after a failed training."),
        GATE_METRICS("HUBDEX_TRAINER_GATE_METRICS", "category.elementAccuracy:higher:0.02,retrieval.hit@5:higher:0.05,router.accuracy:higher:0.02",
                "Held-out metrics the quality gate compares, comma-separated `name:higher|lower:tolerance`: a candidate worse than the current version by more than the tolerance (absolute) on any of them is rejected."),
        KEEP_RETIRED("HUBDEX_TRAINER_KEEP_RETIRED", "3", "Retired versions kept on disk when the registry is pruned (older ones are deleted)."),
        ACK_TIMEOUT("HUBDEX_TRAINER_ACK_TIMEOUT", "30s", "How long an announcement on `hub.control` waits for the broker's acknowledgement.");

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

    private static final Set<String> NAMES = Arrays.stream(Key.values()).map(Key::env).collect(Collectors.toUnmodifiableSet());

    public TrainerSettings {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), Key.BOOTSTRAP, "must name at least one broker, e.g. localhost:9092");
        require(registryDir != null, Key.REGISTRY_DIR, "must name a directory");
        require(interval != null && !interval.isNegative() && !interval.isZero(), Key.INTERVAL, "must be positive, got " + interval);
        require(minNewEntries >= 1, Key.MIN_NEW_ENTRIES, "must be 1 or more, got " + minNewEntries);
        require(minGap != null && !minGap.isNegative(), Key.MIN_GAP, "must be 0 or more, got " + minGap);
        require(minGap.compareTo(interval) <= 0, Key.MIN_GAP, "must not exceed " + Key.INTERVAL.env() + " (" + DurationText.format(interval)
                + "), got " + DurationText.format(minGap));
        require(checkInterval != null && !checkInterval.isNegative() && !checkInterval.isZero(), Key.CHECK_INTERVAL, "must be positive, got " + checkInterval);
        gateMetrics = List.copyOf(gateMetrics);
        require(!gateMetrics.isEmpty(), Key.GATE_METRICS, "must list at least one metric, e.g. recall@10:higher:0.01");
        require(gateMetrics.stream().map(MetricRule::name).distinct().count() == gateMetrics.size(), Key.GATE_METRICS,
                "lists a metric twice: " + gateMetrics);
        require(keepRetired >= 0, Key.KEEP_RETIRED, "must be 0 or more, got " + keepRetired);
        require(ackTimeout != null && ackTimeout.toMillis() >= 1000, Key.ACK_TIMEOUT, "must be at least 1s, got " + ackTimeout);
    }

    /** Settings from this process's environment. */
    public static TrainerSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Settings from {@code env}; unset or blank variables take their defaults. */
    public static TrainerSettings fromEnvironment(Map<String, String> env) {
        warnUnknown(env.keySet(), "the environment");
        String home = env.getOrDefault("HUBDEX_HOME", "");
        Path defaultRegistry = Path.of(home.isBlank() ? ".hubdex" : home.trim(), "registry");
        String registry = env.get(Key.REGISTRY_DIR.env());
        return new TrainerSettings(
                text(env, Key.BOOTSTRAP),
                registry == null || registry.isBlank() ? defaultRegistry : Path.of(registry.trim()),
                duration(env, Key.INTERVAL),
                parseLong(Key.MIN_NEW_ENTRIES, text(env, Key.MIN_NEW_ENTRIES)),
                duration(env, Key.MIN_GAP),
                duration(env, Key.CHECK_INTERVAL),
                rules(text(env, Key.GATE_METRICS)),
                (int) parseLong(Key.KEEP_RETIRED, text(env, Key.KEEP_RETIRED)),
                duration(env, Key.ACK_TIMEOUT));
    }

    /**
     * Settings from a properties file of {@code HUBDEX_...=value} lines ({@code #} starts a comment), overridden by
     * {@code env}.
     */
    public static TrainerSettings fromFileAndEnvironment(Path file, Map<String, String> env) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidTrainerSettingException("cannot read the settings file " + file + ": " + e.getMessage());
        }
        Map<String, String> merged = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> merged.put(k, props.getProperty(k)));
        warnUnknown(merged.keySet(), file.toString());
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                merged.put(k, v);
            }
        });
        return fromEnvironment(merged);
    }

    /** A copy with one setting changed, given as its environment text (validated like the environment). */
    public TrainerSettings with(Key key, String value) {
        Map<String, String> env = asEnvironment();
        env.put(key.env(), value);
        return fromEnvironment(env);
    }

    /** The policy of the retrain loop. */
    public RetrainPolicy retrainPolicy() {
        return new RetrainPolicy(interval, minNewEntries, minGap);
    }

    /** The quality gate. */
    public QualityGate qualityGate() {
        return new QualityGate(gateMetrics);
    }

    /** The effective settings as environment text, in {@link Key} order. */
    public Map<String, String> asEnvironment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Key.BOOTSTRAP.env(), bootstrapServers);
        m.put(Key.REGISTRY_DIR.env(), registryDir.toString());
        m.put(Key.INTERVAL.env(), DurationText.format(interval));
        m.put(Key.MIN_NEW_ENTRIES.env(), String.valueOf(minNewEntries));
        m.put(Key.MIN_GAP.env(), DurationText.format(minGap));
        m.put(Key.CHECK_INTERVAL.env(), DurationText.format(checkInterval));
        m.put(Key.GATE_METRICS.env(), gateMetrics.stream().map(MetricRule::toString).collect(Collectors.joining(",")));
        m.put(Key.KEEP_RETIRED.env(), String.valueOf(keepRetired));
        m.put(Key.ACK_TIMEOUT.env(), DurationText.format(ackTimeout));
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

    private static void warnUnknown(Set<String> names, String source) {
        for (String name : names) {
            if (name.startsWith("HUBDEX_TRAINER_") && !NAMES.contains(name)) {
                LOG.warn("{} sets {}, which is not a trainer setting of this version (a typo?); known: {}", source, name,
                        Arrays.stream(Key.values()).map(Key::env).toList());
            }
        }
    }

    private static List<MetricRule> rules(String text) {
        try {
            return MetricRule.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidTrainerSettingException(Key.GATE_METRICS.env() + ": " + e.getMessage());
        }
    }

    private static Duration duration(Map<String, String> env, Key key) {
        return DurationText.parse(key.env(), text(env, key), InvalidTrainerSettingException::new);
    }

    private static String text(Map<String, String> env, Key key) {
        String value = env.get(key.env());
        return value == null || value.isBlank() ? key.defaultText() : value.trim();
    }

    private static long parseLong(Key key, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidTrainerSettingException(key.env() + " must be an integer, got '" + text + "'");
        }
    }

    private static void require(boolean ok, Key key, String problem) {
        if (!ok) {
            throw new InvalidTrainerSettingException(key.env() + " " + problem);
        }
    }
}

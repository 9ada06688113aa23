package org.hubdex.indexer.embed;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hubdex.schemas.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedder's settings, declared once in {@link Key} (environment variable, default, meaning), read by
 * {@link #fromEnvironment} or {@link #fromFileAndEnvironment} (a properties file of {@code HUBDEX_...=value} lines the
 * environment overrides), changed one at a time by {@link #with}, printed by {@link #describe()} and rendered into the
 * README by {@link #documentationTable()}. Every value is checked when the settings are made; a bad one is an
 * {@link InvalidEmbedderSettingException} naming its variable.
 *
 * @param bootstrapServers Kafka brokers
 * @param tokensTopic the input, {@code hub.weight-tokens}
 * @param eventsTopic {@code hub.model-events}, for the cards' base models
 * @param embeddingsTopic the output, {@code hub.model-embeddings}
 * @param deadLettersTopic {@code hub.dead-letters}
 * @param controlTopic {@code hub.control}
 * @param groupId the consumer group of the live consumer (the backfill's group is derived from it and the version)
 * @param transactionalId the producer's transactional id: one per embedder instance, stable across restarts
 * @param batchSize models per batch (and per transaction)
 * @param threads threads embedding a batch's models in parallel
 * @param backfillRate models per second the backfill embeds at most
 * @param logInterval how often throughput and backfill progress are logged
 */
public record EmbedderSettings(
        String bootstrapServers,
        String tokensTopic,
        String eventsTopic,
        String embeddingsTopic,
        String deadLettersTopic,
        String controlTopic,
        String groupId,
        String transactionalId,
        int batchSize,
        int threads,
        double backfillRate,
        Duration logInterval) {

    private static final Logger LOG = LoggerFactory.getLogger(EmbedderSettings.class);

    /** The stage name in dead letters. */
    public static final String STAGE = "embed";

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        BOOTSTRAP("HUBDEX_KAFKA_BOOTSTRAP", "localhost:9092", "Kafka brokers."),
        TOKENS_TOPIC("HUBDEX_EMBEDDER_TOKENS_TOPIC", Topic.WEIGHT_TOKENS.topicName(), "Input topic of weight tokens."),
        EVENTS_TOPIC("HUBDEX_EMBEDDER_EVENTS_TOPIC", Topic.MODEL_EVENTS.topicName(), "Model events, read from the beginning for the cards' base models (card routing)."),
        EMBEDDINGS_TOPIC("HUBDEX_EMBEDDER_EMBEDDINGS_TOPIC", Topic.MODEL_EMBEDDINGS.topicName(), "Output topic of embeddings, keyed by model id."),
        DEAD_LETTERS_TOPIC("HUBDEX_EMBEDDER_DEAD_LETTERS_TOPIC", Topic.DEAD_LETTERS.topicName(), "Where records that cannot be embedded go, in the same transaction."),
        CONTROL_TOPIC("HUBDEX_EMBEDDER_CONTROL_TOPIC", Topic.CONTROL.topicName(), "Model version announcements, followed for hot swaps."),
        GROUP_ID("HUBDEX_EMBEDDER_GROUP_ID", "hubdex-embedder", "Consumer group of the live consumer; the backfill of version V commits under `<group>-backfill-V`."),
        TRANSACTIONAL_ID("HUBDEX_EMBEDDER_TRANSACTIONAL_ID", "hubdex-embedder-0", "Transactional id of the producer: unique per running instance, the same across its restarts (a restart fences and aborts the previous one's open transaction)."),
        BATCH_SIZE("HUBDEX_EMBEDDER_BATCH_SIZE", "32", "Models per inference batch and per transaction."),
        THREADS("HUBDEX_EMBEDDER_THREADS", "2", "Threads embedding a batch's models in parallel."),
        BACKFILL_RATE("HUBDEX_EMBEDDER_BACKFILL_RATE", "20", "Models per second the backfill re-embeds at most, so live traffic keeps flowing."),
        LOG_INTERVAL("HUBDEX_EMBEDDER_LOG_INTERVAL", "30s", "How often throughput (models/s) and backfill progress are logged.");

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
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");

    public EmbedderSettings {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), Key.BOOTSTRAP, "must name at least one broker, e.g. localhost:9092");
        require(nonBlank(tokensTopic), Key.TOKENS_TOPIC, "must name a topic");
        require(nonBlank(eventsTopic), Key.EVENTS_TOPIC, "must name a topic");
        require(nonBlank(embeddingsTopic), Key.EMBEDDINGS_TOPIC, "must name a topic");
        require(nonBlank(deadLettersTopic), Key.DEAD_LETTERS_TOPIC, "must name a topic");
        require(nonBlank(controlTopic), Key.CONTROL_TOPIC, "must name a topic");
        require(nonBlank(groupId), Key.GROUP_ID, "must name a consumer group");
        require(nonBlank(transactionalId), Key.TRANSACTIONAL_ID, "must not be blank");
        require(batchSize >= 1 && batchSize <= 10_000, Key.BATCH_SIZE, "must be 1 to 10000, got " + batchSize);
        require(threads >= 1 && threads <= 256, Key.THREADS, "must be 1 to 256, got " + threads);
        require(backfillRate > 0 && Double.isFinite(backfillRate), Key.BACKFILL_RATE, "must be a positive number of models per second, got " + backfillRate);
        require(logInterval != null && logInterval.toMillis() >= 100, Key.LOG_INTERVAL, "must be at least 100ms, got " + logInterval);
    }

    /** Settings from this process's environment. */
    public static EmbedderSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Settings from {@code env}; unset or blank variables take their defaults. */
    public static EmbedderSettings fromEnvironment(Map<String, String> env) {
        warnUnknown(env.keySet(), "the environment");
        return new EmbedderSettings(
                text(env, Key.BOOTSTRAP), text(env, Key.TOKENS_TOPIC), text(env, Key.EVENTS_TOPIC),
                text(env, Key.EMBEDDINGS_TOPIC), text(env, Key.DEAD_LETTERS_TOPIC), text(env, Key.CONTROL_TOPIC),
                text(env, Key.GROUP_ID), text(env, Key.TRANSACTIONAL_ID),
                (int) parseLong(Key.BATCH_SIZE, text(env, Key.BATCH_SIZE)),
                (int) parseLong(Key.THREADS, text(env, Key.THREADS)),
                parseDouble(Key.BACKFILL_RATE, text(env, Key.BACKFILL_RATE)),
                duration(Key.LOG_INTERVAL, text(env, Key.LOG_INTERVAL)));
    }

    /** Settings from a properties file of {@code HUBDEX_...=value} lines, overridden by {@code env}. */
    public static EmbedderSettings fromFileAndEnvironment(Path file, Map<String, String> env) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidEmbedderSettingException("cannot read the settings file " + file + ": " + e.getMessage());
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
    public EmbedderSettings with(Key key, String value) {
        Map<String, String> env = asEnvironment();
        env.put(key.env(), value);
        return fromEnvironment(env);
    }

    /** The consumer group the backfill of {@code version} commits its progress under. */
    public String backfillGroupId(String version) {
        return groupId + "-backfill-" + version;
    }

    /** The effective settings as environment text, in {@link Key} order. */
    public Map<String, String> asEnvironment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Key.BOOTSTRAP.env(), bootstrapServers);
        m.put(Key.TOKENS_TOPIC.env(), tokensTopic);
        m.put(Key.EVENTS_TOPIC.env(), eventsTopic);
        m.put(Key.EMBEDDINGS_TOPIC.env(), embeddingsTopic);
        m.put(Key.DEAD_LETTERS_TOPIC.env(), deadLettersTopic);
        m.put(Key.CONTROL_TOPIC.env(), controlTopic);
        m.put(Key.GROUP_ID.env(), groupId);
        m.put(Key.TRANSACTIONAL_ID.env(), transactionalId);
        m.put(Key.BATCH_SIZE.env(), String.valueOf(batchSize));
        m.put(Key.THREADS.env(), String.valueOf(threads));
        m.put(Key.BACKFILL_RATE.env(), String.valueOf(backfillRate));
        m.put(Key.LOG_INTERVAL.env(), logInterval.toMillis() % 1000 == 0 ? logInterval.toSeconds() + "s" : logInterval.toMillis() + "ms");
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
            if (name.startsWith("HUBDEX_EMBEDDER_") && !NAMES.contains(name)) {
                LOG.warn("{} sets {}, which is not an embedder setting of this version (a typo?); known: {}", source, name,
                        Arrays.stream(Key.values()).map(Key::env).toList());
            }
        }
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String text(Map<String, String> env, Key key) {
        String value = env.get(key.env());
        return value == null || value.isBlank() ? key.defaultText() : value.trim();
    }

    private static long parseLong(Key key, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidEmbedderSettingException(key.env() + " must be an integer, got '" + text + "'");
        }
    }

    private static double parseDouble(Key key, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidEmbedderSettingException(key.env() + " must be a number, got '" + text + "'");
        }
    }

    private static Duration duration(Key key, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidEmbedderSettingException(key.env() + " must be a duration like 500ms, 30s, 5m or 1h, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static void require(boolean ok, Key key, String problem) {
        if (!ok) {
            throw new InvalidEmbedderSettingException(key.env() + " " + problem);
        }
    }
}

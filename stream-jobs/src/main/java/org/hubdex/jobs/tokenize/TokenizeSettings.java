package org.hubdex.jobs.tokenize;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.util.TimeUtils;
import org.hubdex.schemas.Topic;
import org.hubdex.weightspace.tokenize.TokenPrecision;
import org.hubdex.weightspace.tokenize.TokenizerConfig;

/**
 * Settings of the tokenize job, declared once ({@link Key}: variable, default, meaning; the README table
 * is generated from it); immutable and serializable, because Flink ships them to every task. The Flink
 * runtime's own settings (parallelism, checkpoints) are {@link org.hubdex.jobs.JobOptions}.
 *
 * <p>The hub token is not here: a task reads {@code HF_TOKEN} from its own environment when it opens its
 * hub client, so no secret travels in the job graph or appears in a log.
 *
 * @param bootstrapServers Kafka brokers
 * @param hubEndpoint the hub this job reads weights from; events naming another hub are dead-lettered
 * @param eventsTopic topic of model events read
 * @param tokensTopic topic the tokens are written to
 * @param deadLetterTopic topic of dead letters
 * @param groupId consumer group (committed offsets, and the start of a job without a checkpoint)
 * @param transactionalIdPrefix prefix of the sinks' transactional ids ({@code -tokens}, {@code -dlq} appended)
 * @param concurrency models fetched and tokenized at once per parallel task (Flink async I/O capacity)
 * @param fetchTimeout time one model may take (all its requests and retries) before it is dead-lettered
 * @param tokenSize values per token
 * @param maxTokens token budget per model
 * @param windowTokens tokens per sampled window
 * @param precision how token values are stored
 * @param maxProbeXElements largest ProbeX matrix carried whole
 * @param probeXLayer regular expression choosing the ProbeX layer; empty for the default rule
 * @param bounded stop at the end of what the events topic holds when the job starts (a backfill), instead
 *     of running forever
 */
public record TokenizeSettings(String bootstrapServers, String hubEndpoint, String eventsTopic, String tokensTopic,
        String deadLetterTopic, String groupId, String transactionalIdPrefix, int concurrency, Duration fetchTimeout,
        int tokenSize, int maxTokens, int windowTokens, TokenPrecision precision, int maxProbeXElements,
        String probeXLayer, boolean bounded) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The stage name written into dead letters. */
    public static final String STAGE = "tokenize";

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        BOOTSTRAP("HUBDEX_KAFKA_BOOTSTRAP", "localhost:9092", "Kafka brokers."),
        HUB_URL("HUBDEX_HUB_URL", "https://huggingface.co", "The hub weights are read from (the hub client's setting); events from another hub are dead-lettered. The token is `HF_TOKEN`, read by each task."),
        GROUP("HUBDEX_TOKENIZE_GROUP", "hubdex-tokenize", "Consumer group of the events source; also the prefix of the sinks' transactional ids."),
        CONCURRENCY("HUBDEX_TOKENIZE_CONCURRENCY", "8", "Models fetched and tokenized at once per parallel task (async I/O capacity)."),
        TIMEOUT("HUBDEX_TOKENIZE_TIMEOUT", "10min", "Time one model may take, retries and waits for the hub client's request budget included, before it goes to the dead letters; keep it above the budget window (5 min), or a backfill at the hub's quota dead-letters the models waiting for the next window."),
        TOKEN_SIZE("HUBDEX_TOKENIZE_TOKEN_SIZE", "128", "Values per token."),
        MAX_TOKENS("HUBDEX_TOKENIZE_MAX_TOKENS", "4096", "Token budget per model; a larger model is represented by a seeded sample of windows."),
        WINDOW_TOKENS("HUBDEX_TOKENIZE_WINDOW_TOKENS", "64", "Tokens per sampled window."),
        PRECISION("HUBDEX_TOKENIZE_PRECISION", "float32", "How token values are stored: `float32` (exact) or `float16` (half the size)."),
        PROBEX_MAX("HUBDEX_TOKENIZE_PROBEX_MAX_VALUES", "1048576", "Largest ProbeX layer carried whole, in values."),
        PROBEX_LAYER("HUBDEX_TOKENIZE_PROBEX_LAYER", "(default rule)", "Regular expression choosing the ProbeX layer by name, instead of the default rule (middle hidden layer).");

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

    public TokenizeSettings {
        require(bootstrapServers, "bootstrapServers");
        require(hubEndpoint, "hubEndpoint");
        require(eventsTopic, "eventsTopic");
        require(tokensTopic, "tokensTopic");
        require(deadLetterTopic, "deadLetterTopic");
        require(groupId, "groupId");
        require(transactionalIdPrefix, "transactionalIdPrefix");
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException(Key.CONCURRENCY.env() + " must be between 1 and 1024, got " + concurrency);
        }
        if (fetchTimeout == null || fetchTimeout.toMillis() < 100) {
            throw new IllegalArgumentException(Key.TIMEOUT.env() + " must be at least 100ms, got " + fetchTimeout);
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision is required");
        }
        probeXLayer = probeXLayer == null ? "" : probeXLayer;
        try {
            URI.create(hubEndpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Key.HUB_URL.env() + " is not a URL: " + hubEndpoint, e);
        }
        tokenizerConfig(tokenSize, maxTokens, windowTokens, precision, maxProbeXElements, probeXLayer); // checks the rest
    }

    /** Settings from {@code env}; unset or blank variables take their defaults; topics are the catalogue's. */
    public static TokenizeSettings fromEnvironment(Map<String, String> env) {
        String group = get(env, Key.GROUP).orElse(Key.GROUP.defaultText());
        return new TokenizeSettings(
                get(env, Key.BOOTSTRAP).orElse(Key.BOOTSTRAP.defaultText()),
                get(env, Key.HUB_URL).orElse(Key.HUB_URL.defaultText()),
                Topic.MODEL_EVENTS.topicName(), Topic.WEIGHT_TOKENS.topicName(), Topic.DEAD_LETTERS.topicName(),
                group, group,
                parseInt(env, Key.CONCURRENCY),
                parseDuration(env, Key.TIMEOUT),
                parseInt(env, Key.TOKEN_SIZE),
                parseInt(env, Key.MAX_TOKENS),
                parseInt(env, Key.WINDOW_TOKENS),
                parsePrecision(get(env, Key.PRECISION).orElse(Key.PRECISION.defaultText())),
                parseInt(env, Key.PROBEX_MAX),
                get(env, Key.PROBEX_LAYER).orElse(""),
                false);
    }

    /** The tokenizer configuration these settings describe. */
    public TokenizerConfig tokenizerConfig() {
        return tokenizerConfig(tokenSize, maxTokens, windowTokens, precision, maxProbeXElements, probeXLayer);
    }

    private static TokenizerConfig tokenizerConfig(int tokenSize, int maxTokens, int windowTokens, TokenPrecision precision,
            int maxProbeXElements, String probeXLayer) {
        return TokenizerConfig.builder().optTokenSize(tokenSize).optMaxTokens(maxTokens).optWindowTokens(windowTokens)
                .optPrecision(precision).optMaxProbeXElements(maxProbeXElements).optProbeXLayer(probeXLayer).build();
    }

    public TokenizeSettings withBootstrapServers(String value) {
        return new TokenizeSettings(value, hubEndpoint, eventsTopic, tokensTopic, deadLetterTopic, groupId, transactionalIdPrefix,
                concurrency, fetchTimeout, tokenSize, maxTokens, windowTokens, precision, maxProbeXElements, probeXLayer, bounded);
    }

    public TokenizeSettings withHubEndpoint(String value) {
        return new TokenizeSettings(bootstrapServers, value, eventsTopic, tokensTopic, deadLetterTopic, groupId, transactionalIdPrefix,
                concurrency, fetchTimeout, tokenSize, maxTokens, windowTokens, precision, maxProbeXElements, probeXLayer, bounded);
    }

    /** The same settings on other topics (tests, a second pipeline on one broker). */
    public TokenizeSettings withTopics(String events, String tokens, String deadLetters) {
        return new TokenizeSettings(bootstrapServers, hubEndpoint, events, tokens, deadLetters, groupId, transactionalIdPrefix,
                concurrency, fetchTimeout, tokenSize, maxTokens, windowTokens, precision, maxProbeXElements, probeXLayer, bounded);
    }

    /** Another consumer group and transactional id prefix. */
    public TokenizeSettings withGroup(String group) {
        return new TokenizeSettings(bootstrapServers, hubEndpoint, eventsTopic, tokensTopic, deadLetterTopic, group, group,
                concurrency, fetchTimeout, tokenSize, maxTokens, windowTokens, precision, maxProbeXElements, probeXLayer, bounded);
    }

    public TokenizeSettings withConcurrency(int value) {
        return new TokenizeSettings(bootstrapServers, hubEndpoint, eventsTopic, tokensTopic, deadLetterTopic, groupId, transactionalIdPrefix,
                value, fetchTimeout, tokenSize, maxTokens, windowTokens, precision, maxProbeXElements, probeXLayer, bounded);
    }

    public TokenizeSettings withMaxTokens(int value) {
        return new TokenizeSettings(bootstrapServers, hubEndpoint, eventsTopic, tokensTopic, deadLetterTopic, groupId, transactionalIdPrefix,
                concurrency, fetchTimeout, tokenSize, value, windowTokens, precision, maxProbeXElements, probeXLayer, bounded);
    }

    public TokenizeSettings withPrecision(TokenPrecision value) {
        return new TokenizeSettings(bootstrapServers, hubEndpoint, eventsTopic, tokensTopic, deadLetterTopic, groupId, transactionalIdPrefix,
                concurrency, fetchTimeout, tokenSize, maxTokens, windowTokens, value, maxProbeXElements, probeXLayer, bounded);
    }

    public TokenizeSettings withBounded(boolean value) {
        return new TokenizeSettings(bootstrapServers, hubEndpoint, eventsTopic, tokensTopic, deadLetterTopic, groupId, transactionalIdPrefix,
                concurrency, fetchTimeout, tokenSize, maxTokens, windowTokens, precision, maxProbeXElements, probeXLayer, value);
    }

    /** The effective settings, one per line, for the start-up log (no secret among them). */
    public String describe() {
        return String.join("\n",
                Key.BOOTSTRAP.env() + "=" + bootstrapServers,
                Key.HUB_URL.env() + "=" + hubEndpoint,
                "topics: " + eventsTopic + " -> " + tokensTopic + ", dead letters " + deadLetterTopic,
                Key.GROUP.env() + "=" + groupId + " (transactional ids " + transactionalIdPrefix + "-tokens, -dlq)",
                Key.CONCURRENCY.env() + "=" + concurrency,
                Key.TIMEOUT.env() + "=" + fetchTimeout.toMillis() + "ms",
                tokenizerConfig().describe(),
                bounded ? "bounded: stops at the end of the events topic as of the start" : "unbounded: runs until stopped");
    }

    /** The README table of the settings. */
    public static String documentationTable() {
        StringBuilder sb = new StringBuilder("| Variable | Default | Meaning |\n|---|---|---|\n");
        for (Key k : Key.values()) {
            sb.append("| `").append(k.env()).append("` | `").append(k.defaultText()).append("` | ").append(k.doc()).append(" |\n");
        }
        return sb.toString();
    }

    private static Optional<String> get(Map<String, String> env, Key key) {
        return Optional.ofNullable(env.get(key.env())).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static int parseInt(Map<String, String> env, Key key) {
        String v = get(env, key).orElse(key.defaultText());
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.env() + "='" + v + "' is not an integer", e);
        }
    }

    private static Duration parseDuration(Map<String, String> env, Key key) {
        String v = get(env, key).orElse(key.defaultText());
        try {
            return TimeUtils.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key.env() + "='" + v + "' is not a duration (e.g. 120s, 2min)", e);
        }
    }

    static TokenPrecision parsePrecision(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "float32", "f32", "fp32" -> TokenPrecision.FLOAT32;
            case "float16", "f16", "fp16" -> TokenPrecision.FLOAT16;
            default -> throw new IllegalArgumentException(Key.PRECISION.env() + " must be float32 or float16, got '" + text + "'");
        };
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}

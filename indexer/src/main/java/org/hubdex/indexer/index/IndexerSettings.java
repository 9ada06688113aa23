package org.hubdex.indexer.index;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch indexer's settings, declared once in {@link Key} (environment variable, default, meaning), read
 * by {@link #fromEnvironment}, changed one at a time by {@link #with}, printed by {@link #describe()} and rendered
 * into the README by {@link #documentationTable()}. Every value is checked when the settings are made; a bad one is
 * an {@link InvalidIndexerSettingException} naming its variable.
 */
public record IndexerSettings(
        String bootstrapServers,
        URI elasticsearchUrl,
        String groupId,
        String eventsTopic,
        String embeddingsTopic,
        String deadLetterTopic,
        IndexLayout layout,
        int keepIndices,
        int batchSize,
        Backoff backoff,
        boolean autoBuild) {

    private static final Logger LOG = LoggerFactory.getLogger(IndexerSettings.class);

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        BOOTSTRAP("HUBDEX_KAFKA_BOOTSTRAP", "localhost:9092", "Kafka brokers to read `hub.model-embeddings` and `hub.model-events` from."),
        ES_URL("HUBDEX_ES_URL", "http://localhost:9200", "Elasticsearch HTTP endpoint."),
        GROUP("HUBDEX_INDEXER_GROUP", "hubdex-indexer", "Kafka consumer group of the live indexer (offsets committed only after a successful bulk)."),
        EVENTS_TOPIC("HUBDEX_INDEXER_EVENTS_TOPIC", "hub.model-events", "Topic of model events (metadata)."),
        EMBEDDINGS_TOPIC("HUBDEX_INDEXER_EMBEDDINGS_TOPIC", "hub.model-embeddings", "Compacted topic of model embeddings."),
        DEAD_LETTER_TOPIC("HUBDEX_INDEXER_DEAD_LETTER_TOPIC", "hub.dead-letters", "Where documents Elasticsearch refuses for good are reported."),
        ALIAS("HUBDEX_INDEXER_ALIAS", "hubdex-models", "Alias search reads; each model version's index is `<alias>-<version>`."),
        BACKBONE_DIMS("HUBDEX_INDEXER_BACKBONE_DIMS", "", "Dimension of the backbone embedding; empty: taken from the first document."),
        TEXT_DIMS("HUBDEX_INDEXER_TEXT_DIMS", "384", "Dimension of the text-space embedding (the text encoder's)."),
        KEEP_INDICES("HUBDEX_INDEXER_KEEP_INDICES", "2", "Model-version indices kept (the live one included); older ones are deleted after a swap."),
        BATCH_SIZE("HUBDEX_INDEXER_BATCH_SIZE", "500", "Records per poll, and so per bulk request."),
        RETRY_BASE("HUBDEX_INDEXER_RETRY_BASE", "200ms", "First back-off after a failed request; doubles per retry."),
        RETRY_MAX("HUBDEX_INDEXER_RETRY_MAX", "30s", "Longest back-off between retries (Elasticsearch down: retried without limit)."),
        ITEM_ATTEMPTS("HUBDEX_INDEXER_ITEM_ATTEMPTS", "10", "Tries of one document refused with 429/5xx before it is dead-lettered."),
        AUTO_BUILD("HUBDEX_INDEXER_AUTO_BUILD", "true", "Build the index of a newer model version in the background when its first embedding arrives, then swap the alias.");

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

    public IndexerSettings {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), Key.BOOTSTRAP, "must name at least one broker, e.g. localhost:9092");
        require(elasticsearchUrl != null && elasticsearchUrl.getHost() != null && elasticsearchUrl.getScheme() != null
                && elasticsearchUrl.getScheme().startsWith("http"), Key.ES_URL, "must be an http(s) URL with a host, got " + elasticsearchUrl);
        require(groupId != null && !groupId.isBlank(), Key.GROUP, "must not be empty");
        require(keepIndices >= 1, Key.KEEP_INDICES, "must be at least 1 (the live index), got " + keepIndices);
        require(batchSize >= 1, Key.BATCH_SIZE, "must be at least 1, got " + batchSize);
    }

    /** Settings from this process's environment. */
    public static IndexerSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Settings from {@code env}; unset or blank variables take their defaults. */
    public static IndexerSettings fromEnvironment(Map<String, String> env) {
        for (String name : env.keySet()) {
            if (name.startsWith("HUBDEX_INDEXER_") && !NAMES.contains(name)) {
                LOG.warn("the environment sets {}, which is not an indexer setting (a typo?); known: {}", name, NAMES);
            }
        }
        String dims = text(env, Key.BACKBONE_DIMS);
        IndexLayout layout;
        try {
            layout = new IndexLayout(text(env, Key.ALIAS), dims.isEmpty() ? OptionalInt.empty() : OptionalInt.of(positive(Key.BACKBONE_DIMS, dims)),
                    positive(Key.TEXT_DIMS, text(env, Key.TEXT_DIMS)));
        } catch (IllegalArgumentException e) {
            throw new InvalidIndexerSettingException(Key.ALIAS.env() + ": " + e.getMessage());
        }
        Backoff backoff;
        try {
            backoff = new Backoff(duration(env, Key.RETRY_BASE), duration(env, Key.RETRY_MAX), positive(Key.ITEM_ATTEMPTS, text(env, Key.ITEM_ATTEMPTS)));
        } catch (InvalidIndexerSettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidIndexerSettingException(Key.RETRY_BASE.env() + "/" + Key.RETRY_MAX.env() + ": " + e.getMessage());
        }
        String auto = text(env, Key.AUTO_BUILD).toLowerCase(Locale.ROOT);
        require(auto.equals("true") || auto.equals("false"), Key.AUTO_BUILD, "must be true or false, got '" + auto + "'");
        URI url;
        try {
            url = URI.create(text(env, Key.ES_URL));
        } catch (IllegalArgumentException e) {
            throw new InvalidIndexerSettingException(Key.ES_URL.env() + " is not a URL: " + e.getMessage());
        }
        return new IndexerSettings(text(env, Key.BOOTSTRAP), url, text(env, Key.GROUP), text(env, Key.EVENTS_TOPIC),
                text(env, Key.EMBEDDINGS_TOPIC), text(env, Key.DEAD_LETTER_TOPIC), layout,
                positive(Key.KEEP_INDICES, text(env, Key.KEEP_INDICES)), positive(Key.BATCH_SIZE, text(env, Key.BATCH_SIZE)),
                backoff, Boolean.parseBoolean(auto));
    }

    /** A copy with one setting changed, given as its environment text. */
    public IndexerSettings with(Key key, String value) {
        Map<String, String> env = asEnvironment();
        env.put(key.env(), value);
        return fromEnvironment(env);
    }

    /** The effective settings as environment text, in {@link Key} order. */
    public Map<String, String> asEnvironment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Key.BOOTSTRAP.env(), bootstrapServers);
        m.put(Key.ES_URL.env(), elasticsearchUrl.toString());
        m.put(Key.GROUP.env(), groupId);
        m.put(Key.EVENTS_TOPIC.env(), eventsTopic);
        m.put(Key.EMBEDDINGS_TOPIC.env(), embeddingsTopic);
        m.put(Key.DEAD_LETTER_TOPIC.env(), deadLetterTopic);
        m.put(Key.ALIAS.env(), layout.alias());
        m.put(Key.BACKBONE_DIMS.env(), layout.backboneDims().isPresent() ? String.valueOf(layout.backboneDims().getAsInt()) : "");
        m.put(Key.TEXT_DIMS.env(), String.valueOf(layout.textDims()));
        m.put(Key.KEEP_INDICES.env(), String.valueOf(keepIndices));
        m.put(Key.BATCH_SIZE.env(), String.valueOf(batchSize));
        m.put(Key.RETRY_BASE.env(), backoff.base().toMillis() + "ms");
        m.put(Key.RETRY_MAX.env(), backoff.max().toMillis() + "ms");
        m.put(Key.ITEM_ATTEMPTS.env(), String.valueOf(backoff.maxItemAttempts()));
        m.put(Key.AUTO_BUILD.env(), String.valueOf(autoBuild));
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

    static Duration parseDuration(String name, String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidIndexerSettingException(name + " must be a duration like 200ms, 30s, 5m or 1h, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static Duration duration(Map<String, String> env, Key key) {
        return parseDuration(key.env(), text(env, key));
    }

    private static String text(Map<String, String> env, Key key) {
        String value = env.get(key.env());
        return value == null || value.isBlank() ? key.defaultText() : value.trim();
    }

    private static int positive(Key key, String text) {
        try {
            int v = Integer.parseInt(text.trim());
            require(v >= 1, key, "must be a positive integer, got " + v);
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidIndexerSettingException(key.env() + " must be a positive integer, got '" + text + "'");
        }
    }

    private static void require(boolean ok, Key key, String problem) {
        if (!ok) {
            throw new InvalidIndexerSettingException(key.env() + " " + problem);
        }
    }
}

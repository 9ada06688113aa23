package org.hubdex.trainer.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.hubdex.schemas.Topic;
import org.hubdex.trainer.corpus.internal.DurationText;

/**
 * The corpus's settings (the store, the ingestor, the zoo path), declared once in {@link Key} (environment
 * variable, default, meaning), read by {@link #fromEnvironment}, changed one at a time by {@link #with(Key, String)}
 * (command-line flags, tests), printed by {@link #describe()} and rendered into {@code trainer/README.md} by {@link
 * #documentationTable()}. An optional file of {@code HUBDEX_...=value} lines gives defaults the environment
 * overrides ({@link #fromFileAndEnvironment}). The hub endpoint and token are the hub client's own settings
 * ({@code HUBDEX_HUB_URL}, {@code HF_TOKEN}); the topics are the catalogue's ({@link #withTopics} for tests).
 *
 * @param bootstrapServers Kafka brokers the ingestor reads from (and writes dead letters to)
 * @param dir the corpus directory
 * @param groupId the ingestor's consumer group: its committed offsets are the corpus's progress
 * @param eventsTopic model events read
 * @param tokensTopic weight tokens read
 * @param deadLetterTopic where records that cannot be stored go
 * @param fetchConcurrency cards and model infos fetched at once
 * @param cardMaxChars longest card text kept per entry
 * @param eventCache model events remembered while their tokens have not arrived
 * @param progressInterval time between two progress lines
 * @param retryMaxWait longest pause between two tries of a record the hub could not describe for a transient reason
 */
public record CorpusSettings(
        String bootstrapServers,
        Path dir,
        String groupId,
        String eventsTopic,
        String tokensTopic,
        String deadLetterTopic,
        int fetchConcurrency,
        int cardMaxChars,
        int eventCache,
        Duration progressInterval,
        Duration retryMaxWait) {

    /** The stage name written into dead letters. */
    public static final String STAGE = "trainer-corpus";

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        BOOTSTRAP("HUBDEX_KAFKA_BOOTSTRAP", "localhost:9092", "Kafka brokers the ingestor reads hub.model-events and hub.weight-tokens from and writes hub.dead-letters to."),
        DIR("HUBDEX_CORPUS_DIR", "$HUBDEX_HOME/corpus", "The corpus directory: one entry per (model, sha), the index, the lock."),
        GROUP("HUBDEX_CORPUS_GROUP", "hubdex-trainer-corpus", "Consumer group of the ingestor; its committed offsets are how far the corpus has read."),
        FETCH_CONCURRENCY("HUBDEX_CORPUS_FETCH_CONCURRENCY", "4", "Models whose card, config and (without a model event) model info are fetched from the hub at once (1-64)."),
        CARD_MAX_CHARS("HUBDEX_CORPUS_CARD_MAX_CHARS", "8192", "Longest card text (the README's Markdown after its front matter) kept per entry, in characters."),
        EVENT_CACHE("HUBDEX_CORPUS_EVENT_CACHE", "100000", "Model events remembered until their tokens arrive (least recently used dropped first); tokens without their event get their facts from the hub's model info."),
        PROGRESS_INTERVAL("HUBDEX_CORPUS_PROGRESS_INTERVAL", "30s", "Time between two progress lines (entries stored, rate, lag)."),
        RETRY_MAX_WAIT("HUBDEX_CORPUS_RETRY_MAX_WAIT", "60s", "Longest pause before reading a record again after the hub failed to describe it for a transient reason (unreachable, 5xx, 429); the pause doubles from 1s.");

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

    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    public CorpusSettings {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), Key.BOOTSTRAP, "must name at least one broker, e.g. localhost:9092");
        require(dir != null && !dir.toString().isBlank(), Key.DIR, "must name a directory");
        require(groupId != null && GROUP.matcher(groupId).matches(), Key.GROUP, "must match " + GROUP.pattern() + ", got '" + groupId + "'");
        for (String topic : new String[] {eventsTopic, tokensTopic, deadLetterTopic}) {
            if (topic == null || topic.isBlank()) {
                throw new InvalidCorpusSettingException("the events, tokens and dead-letter topics are required");
            }
        }
        require(fetchConcurrency >= 1 && fetchConcurrency <= 64, Key.FETCH_CONCURRENCY, "must be 1-64, got " + fetchConcurrency);
        require(cardMaxChars >= 0 && cardMaxChars <= 1_000_000, Key.CARD_MAX_CHARS, "must be 0-1000000, got " + cardMaxChars);
        require(eventCache >= 0 && eventCache <= 10_000_000, Key.EVENT_CACHE, "must be 0-10000000, got " + eventCache);
        require(progressInterval != null && !progressInterval.isNegative() && !progressInterval.isZero(), Key.PROGRESS_INTERVAL,
                "must be positive, got " + progressInterval);
        require(retryMaxWait != null && retryMaxWait.compareTo(Duration.ofMillis(10)) >= 0, Key.RETRY_MAX_WAIT,
                "must be at least 10ms, got " + retryMaxWait);
    }

    /** Settings from this process's environment. */
    public static CorpusSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Settings from {@code env}; unset or blank variables take their defaults; topics are the catalogue's. */
    public static CorpusSettings fromEnvironment(Map<String, String> env) {
        String home = env.get("HUBDEX_HOME");
        Path defaultDir = Path.of(home == null || home.isBlank() ? ".hubdex" : home.trim(), "corpus");
        return new CorpusSettings(
                text(env, Key.BOOTSTRAP),
                Path.of(get(env, Key.DIR, defaultDir.toString())),
                text(env, Key.GROUP),
                Topic.MODEL_EVENTS.topicName(), Topic.WEIGHT_TOKENS.topicName(), Topic.DEAD_LETTERS.topicName(),
                parseInt(Key.FETCH_CONCURRENCY, text(env, Key.FETCH_CONCURRENCY)),
                parseInt(Key.CARD_MAX_CHARS, text(env, Key.CARD_MAX_CHARS)),
                parseInt(Key.EVENT_CACHE, text(env, Key.EVENT_CACHE)),
                DurationText.parse(Key.PROGRESS_INTERVAL.env(), text(env, Key.PROGRESS_INTERVAL)),
                DurationText.parse(Key.RETRY_MAX_WAIT.env(), text(env, Key.RETRY_MAX_WAIT)));
    }

    /**
     * Settings from a file of {@code HUBDEX_...=value} lines ({@code #} starts a comment line), overridden by
     * {@code env}.
     */
    public static CorpusSettings fromFileAndEnvironment(Path file, Map<String, String> env) {
        Map<String, String> merged = new LinkedHashMap<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(file)) {
                number++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidCorpusSettingException(file + " line " + number + ": expected NAME=value, got '" + line + "'");
                }
                merged.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new InvalidCorpusSettingException("cannot read settings file " + file + ": " + e.getMessage());
        }
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                merged.put(k, v);
            }
        });
        return fromEnvironment(merged);
    }

    /** A copy with one setting changed, given as its environment text (validated like the environment). */
    public CorpusSettings with(Key key, String value) {
        Map<String, String> env = asEnvironment();
        env.put(key.env(), value);
        return fromEnvironment(env).withTopics(eventsTopic, tokensTopic, deadLetterTopic);
    }

    /** The same settings on other topics (tests, a second pipeline on one broker). */
    public CorpusSettings withTopics(String events, String tokens, String deadLetters) {
        return new CorpusSettings(bootstrapServers, dir, groupId, events, tokens, deadLetters, fetchConcurrency, cardMaxChars,
                eventCache, progressInterval, retryMaxWait);
    }

    /** The effective settings as environment text, in {@link Key} order. */
    public Map<String, String> asEnvironment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Key.BOOTSTRAP.env(), bootstrapServers);
        m.put(Key.DIR.env(), dir.toString());
        m.put(Key.GROUP.env(), groupId);
        m.put(Key.FETCH_CONCURRENCY.env(), String.valueOf(fetchConcurrency));
        m.put(Key.CARD_MAX_CHARS.env(), String.valueOf(cardMaxChars));
        m.put(Key.EVENT_CACHE.env(), String.valueOf(eventCache));
        m.put(Key.PROGRESS_INTERVAL.env(), DurationText.format(progressInterval));
        m.put(Key.RETRY_MAX_WAIT.env(), DurationText.format(retryMaxWait));
        return m;
    }

    /** The effective settings, one per line, for the start-up log (nothing here is secret). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        asEnvironment().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        sb.append("topics: ").append(eventsTopic).append(" + ").append(tokensTopic).append(", dead letters ").append(deadLetterTopic);
        return sb.toString();
    }

    /** The README table of the settings. */
    public static String documentationTable() {
        StringBuilder sb = new StringBuilder("| Variable | Default | Meaning |\n|---|---|---|\n");
        for (Key k : Key.values()) {
            sb.append("| `").append(k.env()).append("` | `").append(k.defaultText()).append("` | ").append(k.doc()).append(" |\n");
        }
        return sb.toString();
    }

    private static String text(Map<String, String> env, Key key) {
        return get(env, key, key.defaultText());
    }

    private static String get(Map<String, String> env, Key key, String fallback) {
        String value = env.get(key.env());
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int parseInt(Key key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidCorpusSettingException(key.env() + " must be an integer, got '" + text + "'");
        }
    }

    private static void require(boolean ok, Key key, String problem) {
        if (!ok) {
            throw new InvalidCorpusSettingException(key.env() + " " + problem);
        }
    }
}

package org.hubdex.schemas;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.hubdex.schemas.avro.ControlMessage;
import org.hubdex.schemas.avro.CrawlerState;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.schemas.avro.WeightTokens;

/**
 * The catalogue of Hubdex topics: the one place that names each topic, its key, its partitioning and
 * its broker-side configuration. {@code ops/stack} creates topics from this catalogue and
 * {@code docs/architecture.md} describes the same list.
 *
 * <p>Keys are UTF-8 strings (Kafka's {@code StringSerializer}); values are Avro records in the
 * single-object encoding (see {@code schemas/README.md}).
 */
public enum Topic {
    MODEL_EVENTS("hub.model-events", ModelEvent.class, "model id (e.g. google/vit-base-patch16-224)", 6,
            Map.of("cleanup.policy", "delete", "retention.ms", days(30))),
    WEIGHT_TOKENS("hub.weight-tokens", WeightTokens.class, "model id", 6,
            Map.of("cleanup.policy", "delete", "retention.ms", days(30),
                    // a token batch of a large model is a few MB; the broker default is 1 MB
                    "max.message.bytes", String.valueOf(16 * 1024 * 1024))),
    MODEL_EMBEDDINGS("hub.model-embeddings", ModelEmbedding.class, "model id", 6,
            // compacted: a subscriber reading from the beginning gets the latest embedding of every model
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0",
                    "max.message.bytes", String.valueOf(4 * 1024 * 1024))),
    TRENDS("hub.trends", TrendRecord.class, "dimension and value, e.g. tree=google/vit-base-patch16-224", 3,
            Map.of("cleanup.policy", "delete", "retention.ms", days(90))),
    CONTROL("hub.control", ControlMessage.class, "model version (e.g. 2026-11-25T12-00-00Z)", 1,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0")),
    DEAD_LETTERS("hub.dead-letters", DeadLetter.class, "model id, or the source record's key", 3,
            Map.of("cleanup.policy", "delete", "retention.ms", days(90))),
    CRAWLER_STATE("hub.crawler-state", CrawlerState.class,
            "'<crawlerId> model <modelId>' or '<crawlerId> pass <passName>'", 1,
            // compacted: the latest sha per model and the latest progress per pass survive forever; one
            // partition, because a restarting crawler reads all of it anyway
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));

    private final String topicName;
    private final Class<? extends SpecificRecord> valueType;
    private final String keyDescription;
    private final int partitions;
    private final Map<String, String> configs;

    Topic(String topicName, Class<? extends SpecificRecord> valueType, String keyDescription, int partitions,
            Map<String, String> configs) {
        this.topicName = topicName;
        this.valueType = valueType;
        this.keyDescription = keyDescription;
        this.partitions = partitions;
        this.configs = Map.copyOf(configs);
    }

    /** The topic's name on the broker. */
    public String topicName() {
        return topicName;
    }

    /**
     * The generated Avro class of the topic's values. Pass it to {@link AvroSerdes#serde(Class)} or
     * {@link AvroCodec#of(Class)}; every released version of its schema is known to
     * {@link ReleasedSchemaStore#standard()}.
     */
    public Class<? extends SpecificRecord> valueType() {
        return valueType;
    }

    /** What the record key holds. */
    public String keyDescription() {
        return keyDescription;
    }

    /** Partitions the topic is created with. */
    public int partitions() {
        return partitions;
    }

    /** Topic-level broker configuration the topic is created with. */
    public Map<String, String> configs() {
        return configs;
    }

    /** The topic of that name, if it is one of ours. */
    public static java.util.Optional<Topic> byName(String name) {
        for (Topic t : values()) {
            if (t.topicName.equals(name)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    private static String days(int d) {
        return String.valueOf(d * 24L * 3600 * 1000);
    }
}

package org.hubdex.jobs;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Flink {@link KafkaSource}s reading Hubdex topics. They read only committed data
 * ({@code isolation.level=read_committed}): an upstream exactly-once stage's aborted transactions are
 * never seen. They start from the group's committed offsets (earliest when there are none); Flink
 * commits offsets on each completed checkpoint, but restores from its own checkpointed offsets.
 */
public final class KafkaSources {
    private KafkaSources() {
    }

    /**
     * A source builder for {@code topic}, whose elements are {@link Decoded} records of {@code type}.
     * Set more on the returned builder (e.g. {@code setBounded(OffsetsInitializer.latest())} in
     * tests, {@code setStartingOffsets(...)}) before {@code build()}.
     *
     * @param stage the stage reading, written into dead letters
     * @param policy what happens to a record that does not decode
     */
    @SuppressWarnings("deprecation") // OffsetResetStrategy: the connector's API still takes it
    public static <T extends SpecificRecord> KafkaSourceBuilder<Decoded<T>> avro(String bootstrapServers, String topic,
            String groupId, Class<T> type, String stage, BadRecordPolicy policy) {
        return KafkaSource.<Decoded<T>>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new AvroRecordDeserializer<>(type, stage, policy))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
}

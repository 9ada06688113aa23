package org.hubdex.jobs;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.hubdex.jobs.internal.LazyCodec;
import org.hubdex.schemas.AvroCodec;

/**
 * Writes records to one Hubdex topic in a Flink {@code KafkaSink}: key = {@link KeyExtractor} (the
 * model id on Hubdex topics) as UTF-8, value = the record in Avro single-object encoding through
 * {@link AvroCodec}. Partitioning is Kafka's default on the key, so all records of a model land in one
 * partition, in order.
 *
 * <p>Serializable; the codec is created on first use in each task.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private final KeyExtractor<T> key;
    private final LazyCodec<T> codec;

    public AvroRecordSerializer(String topic, Class<T> type, KeyExtractor<T> key) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.type = Objects.requireNonNull(type, "type");
        this.codec = new LazyCodec<>(type);
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec.get();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        return new ProducerRecord<>(topic, null, timestamp,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), codec.get().encode(topic, element));
    }

    /** The topic written to. */
    public String topic() {
        return topic;
    }

}

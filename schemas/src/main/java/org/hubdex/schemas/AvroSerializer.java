package org.hubdex.schemas;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for one Hubdex value record: {@link AvroCodec#encode(String, SpecificRecord)}, no
 * more. A null value (tombstone) serializes to null. Thread-safe.
 *
 * <pre>{@code new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(ModelEvent.class))}</pre>
 *
 * @param <T> the generated record class
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final AvroCodec<T> codec;

    public AvroSerializer(Class<T> type) {
        this(AvroCodec.of(type));
    }

    public AvroSerializer(AvroCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return codec.encode(topic, data);
    }
}

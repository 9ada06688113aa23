package org.hubdex.schemas;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for one Hubdex value record: {@link AvroCodec#decode(String, byte[])}, no more.
 * Records written by any released schema version decode into the current class; a null value
 * (tombstone) deserializes to null; anything else that cannot be read throws a {@link SchemaException}
 * subclass. Thread-safe.
 *
 * <pre>{@code new KafkaConsumer<>(props, new StringDeserializer(), new AvroDeserializer<>(ModelEvent.class))}</pre>
 *
 * @param <T> the generated record class
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final AvroCodec<T> codec;

    public AvroDeserializer(Class<T> type) {
        this(AvroCodec.of(type));
    }

    public AvroDeserializer(AvroCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return codec.decode(topic, data);
    }
}

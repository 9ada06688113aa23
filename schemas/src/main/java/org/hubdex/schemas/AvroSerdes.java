package org.hubdex.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka {@link Serde}s of Hubdex value records, for Kafka Streams ({@code Consumed.with},
 * {@code Produced.with}, {@code Materialized.withValueSerde}). Keys are plain strings:
 * {@code Serdes.String()}.
 *
 * <pre>{@code builder.stream(Topic.MODEL_EVENTS.topicName(), Consumed.with(Serdes.String(), AvroSerdes.serde(ModelEvent.class)))}</pre>
 */
public final class AvroSerdes {
    private AvroSerdes() {
    }

    /** Serde of the record type, resolving old writers with {@link ReleasedSchemaStore#standard()}. */
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        return serde(AvroCodec.of(type));
    }

    /** Serde of the record type, resolving old writers with the given store. */
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type, ReleasedSchemaStore store) {
        return serde(AvroCodec.of(type, store));
    }

    private static <T extends SpecificRecord> Serde<T> serde(AvroCodec<T> codec) {
        return Serdes.serdeFrom(new AvroSerializer<>(codec), new AvroDeserializer<>(codec));
    }
}

package org.hubdex.jobs;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hubdex.jobs.internal.LazyCodec;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.SchemaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Hubdex topic in a Flink {@code KafkaSource}: UTF-8 key plus an Avro value in the
 * single-object encoding (through {@link AvroCodec}, so values written by every released schema
 * version are read into the current class). Each Kafka record becomes exactly one {@link Decoded}: a
 * {@link SourceRecord}, or, for a value the codec rejects (bad header, unknown writer fingerprint,
 * corrupt body, a tombstone), a {@link Decoded.Failed} with its dead letter under
 * {@link BadRecordPolicy#DEAD_LETTER}, or an {@link UndecodableRecordException} under
 * {@link BadRecordPolicy#FAIL}.
 *
 * <p>Serializable (Flink ships it to the task managers); the codec is created on first use in each
 * task, so the schema object itself holds only the record class and the settings.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroRecordDeserializer<T extends SpecificRecord> implements KafkaRecordDeserializationSchema<Decoded<T>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AvroRecordDeserializer.class);

    private final Class<T> type;
    private final String stage;
    private final BadRecordPolicy policy;
    private final LazyCodec<T> codec;

    /**
     * @param type the record class of the topic's values, e.g. {@code Topic.MODEL_EVENTS.valueType()}
     * @param stage the stage reading, written into dead letters (e.g. {@code tokenize})
     * @param policy what to do with a record that does not decode
     */
    public AvroRecordDeserializer(Class<T> type, String stage, BadRecordPolicy policy) {
        this.type = Objects.requireNonNull(type, "type");
        this.codec = new LazyCodec<>(type);
        this.stage = Objects.requireNonNull(stage, "stage");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec.get();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<T>> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        RuntimeException failure;
        try {
            T value = codec.get().decode(record.topic(), record.value());
            if (value != null) {
                out.collect(new SourceRecord<>(record.topic(), record.partition(), record.offset(), key, value));
                return;
            }
            failure = new UnexpectedTombstoneException(String.format(
                    "Record %s/%d/%d (key %s) has a null value; %s values are never null",
                    record.topic(), record.partition(), record.offset(), key, type.getSimpleName()));
        } catch (SchemaException e) {
            failure = e;
        }
        if (policy == BadRecordPolicy.FAIL) {
            throw new UndecodableRecordException(String.format("Cannot decode record %s/%d/%d (key %s) as %s: %s",
                    record.topic(), record.partition(), record.offset(), key, type.getSimpleName(),
                    failure.getMessage()), failure);
        }
        LOG.warn("Dead-lettering record {}/{}/{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                key, failure.toString());
        out.collect(new Decoded.Failed<>(
                DeadLetters.of(record.topic(), record.partition(), record.offset(), key, stage, failure, 1)));
    }

    @Override
    public TypeInformation<Decoded<T>> getProducedType() {
        return HubdexTypes.decoded(type);
    }

}

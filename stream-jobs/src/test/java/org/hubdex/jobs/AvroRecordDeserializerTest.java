package org.hubdex.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.CorruptPayloadException;
import org.hubdex.schemas.InvalidHeaderException;
import org.hubdex.schemas.UnknownSchemaException;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.junit.jupiter.api.Test;

class AvroRecordDeserializerTest {

    private static final String TOPIC = "hub.model-events";

    private final AvroRecordDeserializer<ModelEvent> deadLettering =
            new AvroRecordDeserializer<>(ModelEvent.class, "tokenize", BadRecordPolicy.DEAD_LETTER);

    @Test
    void decodesKeyValueAndSource() throws Exception {
        ModelEvent event = Fixtures.event(7);
        List<Decoded<ModelEvent>> out = decode(deadLettering, record(3, 42, event.getModelId(),
                AvroCodec.of(ModelEvent.class).encode(TOPIC, event)));

        assertThat(out).singleElement().isInstanceOfSatisfying(SourceRecord.class, r -> {
            assertThat(r.topic()).isEqualTo(TOPIC);
            assertThat(r.partition()).isEqualTo(3);
            assertThat(r.offset()).isEqualTo(42);
            assertThat(r.key()).isEqualTo(event.getModelId());
            assertThat(r.value()).isEqualTo(event);
            assertThat(r.payloadRef()).isEqualTo("hub.model-events/3/42");
        });
    }

    @Test
    void badMagicBecomesDeadLetter() throws Exception {
        DeadLetter letter = deadLetterOf(record(1, 5, "a/b", Fixtures.badMagic()));
        assertThat(letter.getErrorClass()).isEqualTo(InvalidHeaderException.class.getName());
        assertThat(letter.getSourceTopic()).isEqualTo(TOPIC);
        assertThat(letter.getSourcePartition()).isEqualTo(1);
        assertThat(letter.getSourceOffset()).isEqualTo(5L);
        assertThat(letter.getKey()).isEqualTo("a/b");
        assertThat(letter.getStage()).isEqualTo("tokenize");
        assertThat(letter.getPayloadRef()).isEqualTo("hub.model-events/1/5");
        assertThat(letter.getAttempts()).isEqualTo(1);
        assertThat(letter.getReason()).isNotBlank();
        assertThat(letter.getFailedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void unknownFingerprintBecomesDeadLetter() throws Exception {
        DeadLetter letter = deadLetterOf(record(0, 9, "a/b", Fixtures.unknownFingerprint()));
        assertThat(letter.getErrorClass()).isEqualTo(UnknownSchemaException.class.getName());
        assertThat(letter.getReason()).contains("5a5a5a5a5a5a5a5a");
    }

    @Test
    void truncatedBodyBecomesDeadLetter() throws Exception {
        DeadLetter letter = deadLetterOf(record(0, 10, "a/b", Fixtures.truncated()));
        assertThat(letter.getErrorClass()).isEqualTo(CorruptPayloadException.class.getName());
    }

    @Test
    void tombstoneBecomesDeadLetterAndNullKeyIsKept() throws Exception {
        DeadLetter letter = deadLetterOf(record(2, 11, null, null));
        assertThat(letter.getErrorClass()).isEqualTo(UnexpectedTombstoneException.class.getName());
        assertThat(letter.getKey()).isNull();
    }

    @Test
    void failPolicyThrowsNamingTheRecord() {
        AvroRecordDeserializer<ModelEvent> failing =
                new AvroRecordDeserializer<>(ModelEvent.class, "tokenize", BadRecordPolicy.FAIL);
        assertThatThrownBy(() -> decode(failing, record(4, 77, "a/b", Fixtures.badMagic())))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("hub.model-events/4/77")
                .hasCauseInstanceOf(InvalidHeaderException.class);
    }

    @Test
    void survivesJavaSerializationBeforeFirstUse() throws Exception {
        decode(deadLettering, record(0, 0, "x", Fixtures.badMagic())); // codec created in this copy
        AvroRecordDeserializer<ModelEvent> copy = roundTrip(deadLettering);
        ModelEvent event = Fixtures.event(1);
        assertThat(decode(copy, record(0, 1, "k", AvroCodec.of(ModelEvent.class).encode(TOPIC, event))))
                .singleElement().isInstanceOfSatisfying(SourceRecord.class, r -> assertThat(r.value()).isEqualTo(event));
        assertThat(copy.getProducedType()).isEqualTo(HubdexTypes.decoded(ModelEvent.class));
    }

    private DeadLetter deadLetterOf(ConsumerRecord<byte[], byte[]> record) throws Exception {
        List<Decoded<ModelEvent>> out = decode(deadLettering, record);
        assertThat(out).singleElement().isInstanceOf(Decoded.Failed.class);
        return ((Decoded.Failed<ModelEvent>) out.get(0)).deadLetter();
    }

    static <T> List<T> decode(org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema<T> schema,
            ConsumerRecord<byte[], byte[]> record) throws IOException {
        List<T> out = new ArrayList<>();
        schema.deserialize(record, new ListCollector<>(out));
        return out;
    }

    static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key, byte[] value) {
        return new ConsumerRecord<>(TOPIC, partition, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}

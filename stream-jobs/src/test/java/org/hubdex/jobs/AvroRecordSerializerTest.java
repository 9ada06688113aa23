package org.hubdex.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.junit.jupiter.api.Test;

class AvroRecordSerializerTest {

    @Test
    void writesModelIdKeyAndSingleObjectValue() throws Exception {
        AvroRecordSerializer<ModelEvent> serializer = AvroRecordDeserializerTest.roundTrip(
                new AvroRecordSerializer<>("out", ModelEvent.class, ModelEvent::getModelId));
        ModelEvent event = Fixtures.event(3);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(event, null, 1234L);

        assertThat(record.topic()).isEqualTo("out");
        assertThat(record.partition()).isNull();
        assertThat(record.timestamp()).isEqualTo(1234L);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.getModelId());
        assertThat(AvroCodec.of(ModelEvent.class).decode("out", record.value())).isEqualTo(event);
    }

    @Test
    void nullKeyGivesRecordWithoutKey() {
        DeadLetter letter = DeadLetters.of("t", 0, 1, null, "test", new IllegalStateException("boom"), 2);
        ProducerRecord<byte[], byte[]> record =
                new AvroRecordSerializer<>("dlq", DeadLetter.class, DeadLetter::getKey).serialize(letter, null, null);
        assertThat(record.key()).isNull();
        DeadLetter back = AvroCodec.of(DeadLetter.class).decode("dlq", record.value());
        assertThat(back.getReason()).isEqualTo("boom");
        assertThat(back.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(back.getPayloadRef()).isEqualTo("t/0/1");
        assertThat(back.getAttempts()).isEqualTo(2);
    }
}

package org.hubdex.trends.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.InvalidHeaderException;
import org.hubdex.schemas.avro.DeadLetter;
import org.junit.jupiter.api.Test;

class DeadLetterOnBadRecordTest {

    @Test
    void anUndecodableRecordBecomesADeadLetterAndProcessingResumes() {
        DeadLetterOnBadRecord handler = new DeadLetterOnBadRecord();
        handler.configure(Map.of(DeadLetterOnBadRecord.TOPIC_CONFIG, "it-dead-letters"));
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>("hub.model-events", 4, 1042L, "org/model".getBytes(StandardCharsets.UTF_8),
                "junk".getBytes(StandardCharsets.UTF_8));
        DeserializationExceptionHandler.Response response = handler.handleError(null, bad, new InvalidHeaderException("short value"));
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(r -> {
            ProducerRecord<byte[], byte[]> rec = r;
            assertThat(rec.topic()).isEqualTo("it-dead-letters");
            DeadLetter letter = AvroCodec.of(DeadLetter.class).decode("it-dead-letters", rec.value());
            assertThat(letter.getKey()).isEqualTo("org/model");
            assertThat(letter.getStage()).isEqualTo("trends");
            assertThat(letter.getPayloadRef()).isEqualTo("hub.model-events/4/1042");
            assertThat(letter.getErrorClass()).isEqualTo(InvalidHeaderException.class.getName());
            assertThat(letter.getReason()).contains("short value");
        });
    }
}

package org.hubdex.trends.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bad-record policy for input that cannot be decoded (not Avro single-object encoded, an unknown writer schema,
 * a truncated body): the record becomes a {@link DeadLetter} in the dead-letter topic, written in the same
 * exactly-once transaction as the rest of the output, and processing goes on. Configured with
 * {@value #TOPIC_CONFIG}.
 */
public final class DeadLetterOnBadRecord implements DeserializationExceptionHandler {

    /** Streams config key naming the dead-letter topic. */
    public static final String TOPIC_CONFIG = "hubdex.trends.dead.letter.topic";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOnBadRecord.class);
    private static final AvroCodec<DeadLetter> CODEC = AvroCodec.of(DeadLetter.class);

    private String topic = "hub.dead-letters";

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(TOPIC_CONFIG);
        if (t != null) {
            topic = t.toString();
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        LOG.warn("cannot decode the record at {}/{}/{} (key {}): {}; sent to {}", record.topic(), record.partition(), record.offset(), key,
                exception.getMessage(), topic);
        DeadLetter letter = DeadLetters.of(record.topic(), Optional.of(record.partition()), Optional.of(record.offset()), key, key, null,
                exception.getClass().getName(), String.valueOf(exception.getMessage()), System.currentTimeMillis());
        return Response.resume(List.of(new ProducerRecord<>(topic, record.key(), CODEC.encode(topic, letter))));
    }
}

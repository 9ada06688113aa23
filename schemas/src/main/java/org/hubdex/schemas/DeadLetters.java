package org.hubdex.schemas;

import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hubdex.schemas.avro.DeadLetter;

/**
 * The dead letter of a consumed record that a stage could not process: where it came from (topic, partition,
 * offset, key, and that position as the payload reference), what it was about (model id and sha when known) and
 * why (the error's class and message). One place, so every Kafka consumer stage writes the same letter.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * The letter of {@code record}, failed once at {@code failedAt} in {@code stage}.
     *
     * @param modelId the model the record is about; the record's key when null
     * @param sha the revision, when known
     */
    public static DeadLetter of(ConsumerRecord<String, ?> record, String stage, String modelId, String sha, Throwable error,
            Instant failedAt) {
        String position = record.topic() + "/" + record.partition() + "/" + record.offset();
        return DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setKey(record.key())
                .setModelId(modelId != null ? modelId : record.key())
                .setSha(sha)
                .setStage(Objects.requireNonNull(stage, "stage"))
                .setErrorClass(error.getClass().getName())
                .setReason(String.valueOf(error.getMessage()))
                .setPayloadRef(position)
                .setFailedAt(failedAt)
                .setAttempts(1)
                .build();
    }

    /** The key a letter is written under on {@code hub.dead-letters}: its model id, else its source position. */
    public static String key(DeadLetter letter) {
        return letter.getModelId() != null ? letter.getModelId()
                : letter.getSourceTopic() + "/" + letter.getSourcePartition() + "/" + letter.getSourceOffset();
    }
}

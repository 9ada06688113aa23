package org.hubdex.jobs;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A decoded Kafka record and where it came from: enough to key it, to process it, and to name it in a
 * {@link org.hubdex.schemas.avro.DeadLetter} if a later step fails on it ({@link DeadLetters#of}).
 * Flink serializes it with {@link HubdexTypes#sourceRecord(Class)}.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param key the record's key as UTF-8 (the model id on Hubdex topics); null when the record had none
 * @param value the decoded value, never null
 * @param <T> the generated Avro record class
 */
public record SourceRecord<T extends SpecificRecord>(String topic, int partition, long offset, String key, T value)
        implements Decoded<T> {

    public SourceRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
    }

    /** Where the payload can be read again: {@code topic/partition/offset}, as in {@code DeadLetter.payloadRef}. */
    public String payloadRef() {
        return topic + "/" + partition + "/" + offset;
    }
}

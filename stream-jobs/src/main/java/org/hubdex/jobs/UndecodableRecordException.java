package org.hubdex.jobs;

/**
 * A Kafka record whose value could not be decoded, thrown by {@link AvroRecordDeserializer} under
 * {@link BadRecordPolicy#FAIL}. The message names the topic, partition and offset; the cause is the
 * codec's {@code SchemaException} (or {@link UnexpectedTombstoneException}).
 */
public class UndecodableRecordException extends JobsException {
    private static final long serialVersionUID = 1L;

    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

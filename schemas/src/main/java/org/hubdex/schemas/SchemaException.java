package org.hubdex.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Root of every error this module raises: a value that cannot be encoded or decoded, or a released
 * schema that cannot be loaded. The subclasses name the condition; catch this one to handle them all.
 *
 * <p>It extends Kafka's {@link SerializationException} so that a failure inside a serializer or
 * deserializer reaches Kafka's consumer, producer and Streams exception handlers the way Kafka's own
 * serialization errors do (the consumer wraps it in a {@code RecordDeserializationException} that
 * carries the partition and offset).
 */
public class SchemaException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}

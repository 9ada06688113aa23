package org.hubdex.schemas;

/**
 * A record cannot be encoded because it breaks its own schema, typically a required field left null
 * through a setter (the generated builders refuse that earlier).
 */
public class InvalidRecordException extends SchemaException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

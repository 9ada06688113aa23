package org.hubdex.schemas;

/**
 * The header is valid and the writer schema known, but the body does not decode with it: truncated,
 * trailing bytes, or bytes that are not Avro data of that schema.
 */
public class CorruptPayloadException extends SchemaException {
    private static final long serialVersionUID = 1L;

    public CorruptPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}

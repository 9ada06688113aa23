package org.hubdex.schemas;

/**
 * The payload does not start with a single-object encoding header: fewer than 10 bytes, or the first
 * two bytes are not {@code C3 01}. The value was written by something other than a Hubdex serializer
 * (for example a plain JSON or Confluent-framed producer writing to the wrong topic).
 */
public class InvalidHeaderException extends SchemaException {
    private static final long serialVersionUID = 1L;

    public InvalidHeaderException(String message) {
        super(message);
    }
}

package org.hubdex.schemas;

/**
 * The writer schema is known but cannot be read as the expected record: it is another record type (a
 * value on the wrong topic) or a version that breaks the reader (which the compatibility test should
 * have stopped from being released).
 */
public class IncompatibleSchemaException extends SchemaException {
    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message) {
        super(message);
    }
}

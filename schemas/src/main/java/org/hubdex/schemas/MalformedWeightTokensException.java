package org.hubdex.schemas;

/** A {@code hub.weight-tokens} record whose byte fields do not match the shape it declares. */
public class MalformedWeightTokensException extends SchemaException {
    private static final long serialVersionUID = 1L;

    public MalformedWeightTokensException(String message) {
        super(message);
    }
}

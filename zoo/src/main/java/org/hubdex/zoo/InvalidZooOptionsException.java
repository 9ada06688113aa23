package org.hubdex.zoo;

/** A {@link ZooOptions} value is out of range or a required one is missing; the message says how to fix it. */
public class InvalidZooOptionsException extends ZooException {

    private static final long serialVersionUID = 1L;

    public InvalidZooOptionsException(String message) {
        super(message);
    }
}

package org.hubdex.zoo;

/** The output folder already holds a zoo generated with other settings, so resuming into it would mix two populations. */
public class ZooOutputConflictException extends ZooException {

    private static final long serialVersionUID = 1L;

    public ZooOutputConflictException(String message) {
        super(message);
    }
}

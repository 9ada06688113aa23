package org.hubdex.weightspace.text;

import org.hubdex.weightspace.WeightspaceException;

/**
 * The text encoder's model failed to run on a valid input (a native runtime error). Invalid input is an
 * {@link IllegalArgumentException} instead, since the caller can fix that.
 */
public class TextEncoderException extends WeightspaceException {

    public TextEncoderException(String message, Throwable cause) {
        super(message, cause);
    }

    public TextEncoderException(String message) {
        super(message);
    }
}

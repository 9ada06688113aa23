package org.hubdex.weightspace.modelset;

/** A model set folder that is incomplete, of another format, or unreadable. */
public final class ModelSetFormatException extends RuntimeException {

    public ModelSetFormatException(String message) {
        super(message);
    }

    public ModelSetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

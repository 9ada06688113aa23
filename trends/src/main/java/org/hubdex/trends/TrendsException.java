package org.hubdex.trends;

/** Root of the trends application's exceptions. */
public class TrendsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrendsException(String message) {
        super(message);
    }

    public TrendsException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.hubdex.trends.internal;

import org.hubdex.trends.TrendsException;

/** A query parameter is missing or malformed: the HTTP API answers 400 with this message. */
public final class BadQueryException extends TrendsException {
    private static final long serialVersionUID = 1L;

    public BadQueryException(String message) {
        super(message);
    }
}

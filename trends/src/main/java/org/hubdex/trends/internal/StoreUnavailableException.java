package org.hubdex.trends.internal;

import org.hubdex.trends.TrendsException;

/** No instance serves a store right now (start-up, a rebalance, a peer that does not answer): the API answers 503. */
public final class StoreUnavailableException extends TrendsException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

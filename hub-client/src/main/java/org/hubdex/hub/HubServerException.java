package org.hubdex.hub;

import java.net.URI;

/** The hub kept answering 5xx (or 408) until the retry policy gave up. */
public class HubServerException extends HubException {
    private static final long serialVersionUID = 1L;

    public HubServerException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

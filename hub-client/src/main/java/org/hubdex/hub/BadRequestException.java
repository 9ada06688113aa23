package org.hubdex.hub;

import java.net.URI;

/** The hub rejected the request as invalid (400 or 422), for example an unknown {@code expand} field. */
public class BadRequestException extends HubException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

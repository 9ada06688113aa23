package org.hubdex.hub;

import java.net.URI;

/** The hub answered, but not as the API says: invalid JSON, a missing required field, a {@code Content-Range} that does not match the request, a body shorter than announced (after retries), a redirect without {@code Location}. */
public class MalformedResponseException extends HubException {
    private static final long serialVersionUID = 1L;

    public MalformedResponseException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

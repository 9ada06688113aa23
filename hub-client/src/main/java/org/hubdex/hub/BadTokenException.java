package org.hubdex.hub;

import java.net.URI;

/** The hub rejected the token itself (401 "Invalid credentials in Authorization header"): fix {@code HF_TOKEN}; retrying cannot help. */
public class BadTokenException extends HubException {
    private static final long serialVersionUID = 1L;

    public BadTokenException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

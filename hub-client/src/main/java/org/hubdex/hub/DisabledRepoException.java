package org.hubdex.hub;

import java.net.URI;

/** The hub has disabled the repository ("Access to this resource is disabled."): its files cannot be read by anyone. */
public class DisabledRepoException extends HubException {
    private static final long serialVersionUID = 1L;

    public DisabledRepoException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

package org.hubdex.hub;

import java.net.URI;

/** The repository is gated and this client has not been granted access ({@code X-Error-Code: GatedRepo}, 401 without a token, 403 with one that has not accepted the conditions). */
public class GatedRepoException extends HubException {
    private static final long serialVersionUID = 1L;

    public GatedRepoException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

package org.hubdex.hub;

import java.net.URI;

/** The repository exists but the revision (branch, tag or commit) does not ({@code X-Error-Code: RevisionNotFound}). */
public class RevisionNotFoundException extends HubException {
    private static final long serialVersionUID = 1L;

    public RevisionNotFoundException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

package org.hubdex.hub;

import java.net.URI;

/** The repository and revision exist but the file or folder does not ({@code X-Error-Code: EntryNotFound}). */
public class EntryNotFoundException extends HubException {
    private static final long serialVersionUID = 1L;

    public EntryNotFoundException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

package org.hubdex.hub;

import java.net.URI;

/** No response came back (connection refused or reset, DNS failure, timeout, a body that stalled) until the retry policy gave up. */
public class HubUnreachableException extends HubException {
    private static final long serialVersionUID = 1L;

    public HubUnreachableException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

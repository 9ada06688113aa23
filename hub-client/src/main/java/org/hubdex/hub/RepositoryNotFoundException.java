package org.hubdex.hub;

import java.net.URI;

/** The repository does not exist, or is private and the token (if any) cannot see it: the hub answers 401 or 404 ({@code X-Error-Code: RepoNotFound}) for both, on purpose. */
public class RepositoryNotFoundException extends HubException {
    private static final long serialVersionUID = 1L;

    public RepositoryNotFoundException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, status, requestId, url, cause);
    }
}

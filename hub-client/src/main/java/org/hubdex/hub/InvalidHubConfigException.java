package org.hubdex.hub;

/** A setting of {@link HubClientConfig} (an environment variable) has a value the client cannot use; the message names the variable and never echoes the token. */
public class InvalidHubConfigException extends HubException {
    private static final long serialVersionUID = 1L;

    public InvalidHubConfigException(String message) {
        super(message);
    }
}

package org.hubdex.localhub;

/**
 * Root of the exceptions the local hub throws. Unchecked: a caller starting a test server can rarely
 * do more than report the message, which names the setting, file or port and what to change.
 */
public class LocalHubException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalHubException(String message) {
        super(message);
    }

    public LocalHubException(String message, Throwable cause) {
        super(message, cause);
    }
}

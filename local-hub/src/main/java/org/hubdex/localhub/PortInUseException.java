package org.hubdex.localhub;

/** The server could not bind its address because another process holds the port. */
public class PortInUseException extends LocalHubException {
    private static final long serialVersionUID = 1L;

    public PortInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}

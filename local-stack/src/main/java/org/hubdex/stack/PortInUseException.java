package org.hubdex.stack;

/**
 * A port a component needs is taken by a process that is not this stack's own running component.
 * Thrown before anything is started, so {@code up} fails fast instead of hanging on a broker or
 * server that cannot bind.
 */
public final class PortInUseException extends StackException {
    private static final long serialVersionUID = 1L;

    private final int port;
    private final String environmentVariable;

    public PortInUseException(String purpose, int port, String environmentVariable) {
        super("Port " + port + " (" + purpose + ") is already in use by another process. Stop that process, or "
                + "choose a free port with " + environmentVariable + "=<port>.");
        this.port = port;
        this.environmentVariable = environmentVariable;
    }

    /** The port that is taken. */
    public int port() {
        return port;
    }

    /** The environment variable that moves the component to another port. */
    public String environmentVariable() {
        return environmentVariable;
    }
}

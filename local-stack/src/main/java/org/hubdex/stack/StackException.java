package org.hubdex.stack;

/**
 * Root of the exceptions the local stack throws. Unchecked: the caller of {@code up} or {@code down}
 * can rarely do more than report the message, which names the component, the resource (port, file,
 * process id) and what to change.
 */
public class StackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.hubdex.stack;

/**
 * A component did not start, did not become healthy within its timeout, or did not stop. The
 * message carries the tail of the component's log.
 */
public final class ComponentFailedException extends StackException {
    private static final long serialVersionUID = 1L;

    private final Component component;

    public ComponentFailedException(Component component, String message) {
        super(component.displayName() + ": " + message);
        this.component = component;
    }

    public ComponentFailedException(Component component, String message, Throwable cause) {
        super(component.displayName() + ": " + message, cause);
        this.component = component;
    }

    /** The component that failed. */
    public Component component() {
        return component;
    }
}

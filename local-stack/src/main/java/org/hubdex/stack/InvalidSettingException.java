package org.hubdex.stack;

/** A setting (environment variable) has a value the stack cannot use; the message names the variable. */
public final class InvalidSettingException extends StackException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}

package org.hubdex.localhub;

/** A builder option, command-line flag or environment variable has an unusable value; the message says which and how to fix it. */
public class InvalidSettingException extends LocalHubException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}

package org.hubdex.trends;

/** A setting of the trends application is malformed or out of range; the message names the variable and the fix. */
public class InvalidTrendsSettingException extends TrendsException {
    private static final long serialVersionUID = 1L;

    public InvalidTrendsSettingException(String message) {
        super(message);
    }
}

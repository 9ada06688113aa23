package org.hubdex.indexer.index;

/** A setting of the indexer has a value it cannot use; the message names the variable and the fix. */
public class InvalidIndexerSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidIndexerSettingException(String message) {
        super(message);
    }
}

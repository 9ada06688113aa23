package org.hubdex.indexer.embed;

/** A setting with a bad value; the message names its variable. */
public final class InvalidEmbedderSettingException extends EmbedderException {

    public InvalidEmbedderSettingException(String message) {
        super(message);
    }
}

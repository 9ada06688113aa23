package org.hubdex.trainer.corpus;

/** A corpus setting (environment variable, settings file line or command-line flag) that is not valid; names it. */
public class InvalidCorpusSettingException extends CorpusException {
    private static final long serialVersionUID = 1L;

    public InvalidCorpusSettingException(String message) {
        super(message);
    }
}

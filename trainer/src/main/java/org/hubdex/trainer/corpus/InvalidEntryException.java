package org.hubdex.trainer.corpus;

/**
 * An entry the store refuses: a model id or sha that cannot name a corpus folder, facts about another (model, sha)
 * than the tokens record, or a tokens record that does not decode. Nothing is written.
 */
public class InvalidEntryException extends CorpusException {
    private static final long serialVersionUID = 1L;

    public InvalidEntryException(String message) {
        super(message);
    }

    public InvalidEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}

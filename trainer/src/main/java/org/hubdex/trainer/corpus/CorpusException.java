package org.hubdex.trainer.corpus;

/**
 * Root of the corpus's errors: the store, its settings and the ingestion paths. Unchecked: a caller rarely repairs
 * a corpus on the spot; the subclasses name the condition so that the ones a caller can act on (another writer
 * holds the corpus, an entry that does not match its record) are told apart.
 */
public class CorpusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}

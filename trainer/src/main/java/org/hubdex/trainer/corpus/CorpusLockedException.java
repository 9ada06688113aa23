package org.hubdex.trainer.corpus;

/** Another writer (an ingestor, a zoo build, in this process or another) holds the corpus directory. */
public class CorpusLockedException extends CorpusException {
    private static final long serialVersionUID = 1L;

    public CorpusLockedException(String message) {
        super(message);
    }
}

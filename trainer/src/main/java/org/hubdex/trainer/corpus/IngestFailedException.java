package org.hubdex.trainer.corpus;

/**
 * The ingestor stopped on a failure that every further record would meet too: the disk refuses writes, the hub
 * refuses the token, a dead letter cannot be written. Nothing after the last committed offset is lost: a restart
 * reads it again.
 */
public class IngestFailedException extends CorpusException {
    private static final long serialVersionUID = 1L;

    public IngestFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

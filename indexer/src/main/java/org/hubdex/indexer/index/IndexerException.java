package org.hubdex.indexer.index;

/** Root of the Elasticsearch indexer's failures that no retry can mend (the message names index and cause). */
public class IndexerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IndexerException(String message, Throwable cause) {
        super(message, cause);
    }
}

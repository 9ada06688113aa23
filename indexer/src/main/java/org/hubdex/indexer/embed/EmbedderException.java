package org.hubdex.indexer.embed;

/** Root of the embedder's errors. */
public class EmbedderException extends RuntimeException {

    public EmbedderException(String message) {
        super(message);
    }

    public EmbedderException(String message, Throwable cause) {
        super(message, cause);
    }
}

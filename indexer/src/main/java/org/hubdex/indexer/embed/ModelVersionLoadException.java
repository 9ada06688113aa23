package org.hubdex.indexer.embed;

/** An announced model version that cannot be loaded from its registry URI; the embedder keeps serving the old one. */
public final class ModelVersionLoadException extends EmbedderException {

    public ModelVersionLoadException(String version, String uri, Throwable cause) {
        super("cannot load model version " + version + " from " + uri + ": " + cause.getMessage(), cause);
    }
}

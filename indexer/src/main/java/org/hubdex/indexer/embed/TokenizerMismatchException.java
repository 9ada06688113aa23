package org.hubdex.indexer.embed;

/** A tokens record made by another tokenizer version than the serving model set was trained on (dead-lettered). */
public final class TokenizerMismatchException extends EmbedderException {

    public TokenizerMismatchException(String modelId, String sha, String expected, String actual) {
        super(modelId + "@" + sha + ": tokens of tokenizer version " + actual + ", the model set expects " + expected);
    }
}

package org.hubdex.trainer.corpus;

/**
 * A corpus file does not read as what the store wrote: an index line or a facts file that is not valid JSON or
 * lacks a field, an unknown format version, an indexed entry whose files are missing. The message names the file
 * (and line). Crashes never cause this (writes are atomic and a torn last index line is dropped on open); disk
 * damage or a hand edit does.
 */
public class CorruptCorpusException extends CorpusException {
    private static final long serialVersionUID = 1L;

    public CorruptCorpusException(String message) {
        super(message);
    }

    public CorruptCorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}

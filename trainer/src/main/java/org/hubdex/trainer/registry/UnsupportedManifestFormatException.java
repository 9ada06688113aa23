package org.hubdex.trainer.registry;

/** A MANIFEST.json of a newer format version than this code reads: upgrade the reader. */
public class UnsupportedManifestFormatException extends CorruptRegistryException {

    public UnsupportedManifestFormatException(String message) {
        super(message);
    }

    public UnsupportedManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

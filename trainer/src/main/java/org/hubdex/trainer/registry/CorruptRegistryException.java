package org.hubdex.trainer.registry;

/** A registry file does not say what it must: an unreadable or inconsistent MANIFEST.json, or {@code current} naming an incomplete version. */
public class CorruptRegistryException extends RegistryException {

    public CorruptRegistryException(String message) {
        super(message);
    }

    public CorruptRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}

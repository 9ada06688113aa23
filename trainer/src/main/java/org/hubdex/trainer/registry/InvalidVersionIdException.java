package org.hubdex.trainer.registry;

/** A version id that cannot name a registry directory (empty, a path, a reserved name, odd characters). */
public class InvalidVersionIdException extends RegistryException {

    public InvalidVersionIdException(String message) {
        super(message);
    }

    public InvalidVersionIdException(String message, Throwable cause) {
        super(message, cause);
    }
}

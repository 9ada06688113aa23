package org.hubdex.trainer.registry;

/** Retiring (or pruning) the version {@code current} names would leave the registry without a serving version; publish another one first. */
public class CannotRetireCurrentException extends RegistryException {

    public CannotRetireCurrentException(String message) {
        super(message);
    }

    public CannotRetireCurrentException(String message, Throwable cause) {
        super(message, cause);
    }
}

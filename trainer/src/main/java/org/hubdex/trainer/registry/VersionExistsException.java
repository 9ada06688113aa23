package org.hubdex.trainer.registry;

/** A complete version of that id is already in the registry with a different manifest: versions are immutable, publish a new id. */
public class VersionExistsException extends RegistryException {

    public VersionExistsException(String message) {
        super(message);
    }

    public VersionExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.hubdex.trainer.registry;

/** The version has no complete entry (no directory, or no MANIFEST.json yet): it was never published, was pruned, or its publish was interrupted. */
public class VersionNotFoundException extends RegistryException {

    public VersionNotFoundException(String message) {
        super(message);
    }

    public VersionNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}

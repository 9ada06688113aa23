package org.hubdex.trainer.registry;

/**
 * The candidate was built (and gated) against another current version than the one the registry now names:
 * someone published in between. Re-gate against the new current version and publish again.
 */
public class StaleCandidateException extends RegistryException {

    public StaleCandidateException(String message) {
        super(message);
    }

    public StaleCandidateException(String message, Throwable cause) {
        super(message, cause);
    }
}

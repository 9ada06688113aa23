package org.hubdex.trainer.registry;

import org.hubdex.trainer.TrainerException;

/** Root of the model registry's errors; messages name the registry directory and the version. */
public class RegistryException extends TrainerException {

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}

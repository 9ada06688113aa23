package org.hubdex.trainer.registry;

/** The file system failed under the registry; the message names the path and the operation. */
public class RegistryIoException extends RegistryException {

    public RegistryIoException(String message) {
        super(message);
    }

    public RegistryIoException(String message, Throwable cause) {
        super(message, cause);
    }
}

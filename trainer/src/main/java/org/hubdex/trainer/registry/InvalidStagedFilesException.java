package org.hubdex.trainer.registry;

/** The staged directory of a publish cannot become a version: missing, empty, holding links or reserved names. */
public class InvalidStagedFilesException extends RegistryException {

    public InvalidStagedFilesException(String message) {
        super(message);
    }

    public InvalidStagedFilesException(String message, Throwable cause) {
        super(message, cause);
    }
}

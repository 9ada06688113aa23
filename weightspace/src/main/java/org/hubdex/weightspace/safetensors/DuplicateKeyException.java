package org.hubdex.weightspace.safetensors;

/** The header JSON names the same key twice (a tensor or {@code __metadata__}); the format forbids it because readers would disagree on which one wins. */
public class DuplicateKeyException extends SafetensorsException {

    public DuplicateKeyException(String resource, String message) {
        super(resource, message);
    }
}

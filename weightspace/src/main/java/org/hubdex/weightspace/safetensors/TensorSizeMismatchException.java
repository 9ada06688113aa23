package org.hubdex.weightspace.safetensors;

/** A tensor's byte range does not match its shape times its dtype's size. */
public class TensorSizeMismatchException extends SafetensorsException {

    public TensorSizeMismatchException(String resource, String message) {
        super(resource, message);
    }
}

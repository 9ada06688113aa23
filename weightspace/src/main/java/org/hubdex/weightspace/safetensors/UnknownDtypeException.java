package org.hubdex.weightspace.safetensors;

/** A tensor's dtype is not one of the format's names (see {@link Dtype}). */
public class UnknownDtypeException extends SafetensorsException {

    public UnknownDtypeException(String resource, String message) {
        super(resource, message);
    }
}

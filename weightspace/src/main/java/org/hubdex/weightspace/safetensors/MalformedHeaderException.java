package org.hubdex.weightspace.safetensors;

/** The header is not valid UTF-8, not a JSON object, or a field has the wrong type (shape, offsets, dtype, metadata). */
public class MalformedHeaderException extends SafetensorsException {

    public MalformedHeaderException(String resource, String message) {
        super(resource, message);
    }

    public MalformedHeaderException(String resource, String message, Throwable cause) {
        super(resource, message);
        initCause(cause);
    }
}

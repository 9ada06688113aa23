package org.hubdex.weightspace.safetensors;

/** The file ends before its 8-byte length prefix, its header or a tensor's data: typically a download cut short. */
public class TruncatedSafetensorsException extends SafetensorsException {

    public TruncatedSafetensorsException(String resource, String message) {
        super(resource, message);
    }
}

package org.hubdex.weightspace.safetensors;

/** The file's length is not 8 + header length + the end of the last tensor: trailing bytes, or missing ones. */
public class FileLengthMismatchException extends SafetensorsException {

    public FileLengthMismatchException(String resource, String message) {
        super(resource, message);
    }
}

package org.hubdex.weightspace.safetensors;

/** The declared header length exceeds the reader's cap ({@link SafetensorsLimits#maxHeaderLength()}); rejected before anything is allocated. */
public class HeaderTooLargeException extends SafetensorsException {

    public HeaderTooLargeException(String resource, String message) {
        super(resource, message);
    }
}

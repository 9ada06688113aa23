package org.hubdex.weightspace.backbone;

import org.hubdex.weightspace.WeightspaceException;

/**
 * A saved backbone cannot be loaded: a file is missing or unreadable, the configuration is invalid, or a tensor is
 * missing or has the wrong shape for the configuration.
 */
public class BackboneFormatException extends WeightspaceException {

    public BackboneFormatException(String message) {
        super(message);
    }

    public BackboneFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.hubdex.weightspace.router;

import org.hubdex.weightspace.WeightspaceException;

/** A saved router cannot be read: a file is missing, of another format version, or inconsistent. */
public class RouterFormatException extends WeightspaceException {

    public RouterFormatException(String message) {
        super(message);
    }

    public RouterFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

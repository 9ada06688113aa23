package org.hubdex.zoo;

/**
 * The root of every error the zoo generator reports. Unchecked: a caller can rarely act on one except by
 * fixing the input named in the message (data files, output folder, options).
 */
public class ZooException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ZooException(String message) {
        super(message);
    }

    public ZooException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.hubdex.hub;

import java.net.URI;
import java.util.OptionalLong;

/**
 * The hub answered 416 to a ranged read: the requested range starts at or after the end of the file.
 * {@link #fileLength()} is the file's length when the response said ({@code Content-Range: bytes *}{@code /N}).
 */
public class RangeNotSatisfiableException extends HubException {
    private static final long serialVersionUID = 1L;

    private final Long fileLength;

    public RangeNotSatisfiableException(String message, Integer status, String requestId, URI url, Throwable cause, Long fileLength) {
        super(message, status, requestId, url, cause);
        this.fileLength = fileLength;
    }

    /** The file's length from the 416's {@code Content-Range}, when given. */
    public OptionalLong fileLength() {
        return fileLength == null ? OptionalLong.empty() : OptionalLong.of(fileLength);
    }
}

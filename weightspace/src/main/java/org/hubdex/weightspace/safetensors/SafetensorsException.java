package org.hubdex.weightspace.safetensors;

import org.hubdex.weightspace.WeightspaceException;

/**
 * A safetensors file (or a remote one read by ranges) is not valid by the format's strict rules.
 * Each kind of corruption has its own subclass, so a caller can tell a truncated download (worth a
 * retry) from a malformed file (worth a dead letter). Messages name the resource and give expected
 * versus actual.
 */
public class SafetensorsException extends WeightspaceException {

    private final String resource;

    public SafetensorsException(String resource, String message) {
        super(resource + ": " + message);
        this.resource = resource;
    }

    public SafetensorsException(String resource, String message, Throwable cause) {
        super(resource + ": " + message, cause);
        this.resource = resource;
    }

    /** The file path or URL that was being read. */
    public String resource() {
        return resource;
    }
}

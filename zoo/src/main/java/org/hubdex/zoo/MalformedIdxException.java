package org.hubdex.zoo;

/** An IDX file is not what the format says it must be: bad magic, unsupported element type, or the wrong length. */
public class MalformedIdxException extends ZooException {

    private static final long serialVersionUID = 1L;

    private final String resource;

    public MalformedIdxException(String resource, String message) {
        super(resource + ": " + message);
        this.resource = resource;
    }

    /** The file (or other source) that was read. */
    public String resource() {
        return resource;
    }
}

package org.hubdex.weightspace.probex;

import java.nio.file.Path;

/**
 * A saved expert folder that cannot be loaded: missing or unreadable files, another format, a format version
 * this code does not know, or tensors whose shapes disagree with the saved configuration.
 */
public class ProbeXFormatException extends ProbeXException {

    private final Path folder;

    public ProbeXFormatException(Path folder, String message) {
        super(folder + ": " + message);
        this.folder = folder;
    }

    public ProbeXFormatException(Path folder, String message, Throwable cause) {
        super(folder + ": " + message, cause);
        this.folder = folder;
    }

    /** The expert folder that failed to load. */
    public Path folder() {
        return folder;
    }
}

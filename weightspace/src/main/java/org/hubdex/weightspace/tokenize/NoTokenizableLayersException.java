package org.hubdex.weightspace.tokenize;

import java.util.List;
import org.hubdex.weightspace.WeightspaceException;

/**
 * A checkpoint with nothing to tokenize: every tensor is a buffer, a boolean mask, complex or empty. The
 * message lists why each tensor was left out.
 */
public class NoTokenizableLayersException extends WeightspaceException {

    private final List<SkippedTensor> skipped;

    public NoTokenizableLayersException(String resource, List<SkippedTensor> skipped) {
        super(resource + ": no tensor can be tokenized (" + skipped.size() + " skipped"
                + (skipped.isEmpty() ? "" : ": " + skipped.stream().limit(5).map(s -> s.name() + ": " + s.reason()).toList()
                        + (skipped.size() > 5 ? " ..." : ""))
                + ")");
        this.skipped = List.copyOf(skipped);
    }

    public List<SkippedTensor> skipped() {
        return skipped;
    }
}

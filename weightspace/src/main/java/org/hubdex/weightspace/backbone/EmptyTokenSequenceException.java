package org.hubdex.weightspace.backbone;

import org.hubdex.weightspace.WeightspaceException;

/** A token sequence with no tokens was given to the backbone: a model with nothing to embed or learn from. */
public class EmptyTokenSequenceException extends WeightspaceException {

    public EmptyTokenSequenceException(String message) {
        super(message);
    }
}

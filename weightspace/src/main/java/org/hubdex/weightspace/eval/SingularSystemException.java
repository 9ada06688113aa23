package org.hubdex.weightspace.eval;

import org.hubdex.weightspace.WeightspaceException;

/** A linear system of a fit is not numerically solvable (a penalty too small for collinear features). */
public class SingularSystemException extends WeightspaceException {

    public SingularSystemException(String message) {
        super(message);
    }
}

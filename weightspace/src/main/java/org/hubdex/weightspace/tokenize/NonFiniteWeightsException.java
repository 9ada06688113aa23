package org.hubdex.weightspace.tokenize;

import org.hubdex.weightspace.WeightspaceException;

/**
 * A layer holding NaN or infinite values: a broken checkpoint (a diverged training run, a bad conversion).
 * Its tokens would make every embedding computed from them NaN, so the model is refused with this reason.
 */
public class NonFiniteWeightsException extends WeightspaceException {
    public NonFiniteWeightsException(String resource, String layer) {
        super(resource + ": layer " + layer + " holds NaN or infinite values");
    }
}

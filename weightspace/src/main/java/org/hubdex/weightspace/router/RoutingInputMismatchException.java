package org.hubdex.weightspace.router;

import org.hubdex.weightspace.WeightspaceException;

/**
 * A model's matrix has the layer signature of known trees but not their centres' size: the caller built the
 * signature from something other than the layer's name and shape, and the model cannot be compared.
 */
public class RoutingInputMismatchException extends WeightspaceException {

    public RoutingInputMismatchException(String message) {
        super(message);
    }
}

package org.hubdex.weightspace.probex;

import org.hubdex.weightspace.WeightspaceException;

/**
 * Root of the errors of ProbeX experts: training data an expert cannot be trained on, an input it cannot read, a
 * saved expert it cannot load. Callers that only need "the expert failed" catch this type.
 */
public class ProbeXException extends WeightspaceException {

    public ProbeXException(String message) {
        super(message);
    }

    public ProbeXException(String message, Throwable cause) {
        super(message, cause);
    }
}

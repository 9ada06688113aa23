package org.hubdex.weightspace.router;

import org.hubdex.weightspace.WeightspaceException;

/** The training members contradict one another (a model in two trees, matrices of one signature differing in shape, ...). */
public class RouterTrainingException extends WeightspaceException {

    public RouterTrainingException(String message) {
        super(message);
    }
}

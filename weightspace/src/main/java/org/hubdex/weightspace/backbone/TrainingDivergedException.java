package org.hubdex.weightspace.backbone;

import org.hubdex.weightspace.WeightspaceException;

/** The training loss stopped being finite; the message names the step, the loss parts and the learning rate. */
public class TrainingDivergedException extends WeightspaceException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}

package org.hubdex.weightspace.probex;

/**
 * The training loss stopped being finite (too high a learning rate for the inputs, typically with raw, unscaled
 * weights of large magnitude). The message names the tree, the epoch and the loss.
 */
public class TrainingDivergedException extends ProbeXException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}

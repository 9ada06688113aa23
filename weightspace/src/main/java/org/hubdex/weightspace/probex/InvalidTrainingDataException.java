package org.hubdex.weightspace.probex;

/**
 * Examples an expert cannot be trained on: none at all, a text embedding of the wrong size or not finite, a
 * matrix holding NaN or infinities, no category in the training set. The message names the model.
 */
public class InvalidTrainingDataException extends ProbeXException {

    public InvalidTrainingDataException(String message) {
        super(message);
    }
}

package org.hubdex.zoo;

/** A model's loss became NaN or infinite during training; the model is not written. */
public class TrainingDivergedException extends ZooException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}

package org.hubdex.trainer;

/** Root of the trainer's own errors; each condition has its own subclass. */
public class TrainerException extends RuntimeException {

    public TrainerException(String message) {
        super(message);
    }

    public TrainerException(String message, Throwable cause) {
        super(message, cause);
    }
}

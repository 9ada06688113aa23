package org.hubdex.trainer;

/** A trainer setting (environment variable, settings file line) has an unusable value; the message names it and says what would work. */
public class InvalidTrainerSettingException extends TrainerException {

    public InvalidTrainerSettingException(String message) {
        super(message);
    }
}

package org.hubdex.trainer.control;

import org.hubdex.trainer.TrainerException;

/** Root of the errors around {@code hub.control}; messages name the topic and the version. */
public class ControlException extends TrainerException {

    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.hubdex.trainer.control;

/** The listener could not find or read to the end of the control topic in time (missing topic, broker down). */
public class ControlTopicUnavailableException extends ControlException {

    public ControlTopicUnavailableException(String message) {
        super(message);
    }

    public ControlTopicUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

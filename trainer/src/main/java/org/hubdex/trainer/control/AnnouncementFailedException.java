package org.hubdex.trainer.control;

/**
 * The broker did not acknowledge an announcement in time, or refused it. The message may still arrive later;
 * announcing the same version again is safe (the topic is compacted by version, the listener keeps the latest).
 */
public class AnnouncementFailedException extends ControlException {

    public AnnouncementFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

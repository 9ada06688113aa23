package org.hubdex.trainer.control;

import java.util.Objects;
import org.hubdex.schemas.avro.ControlMessage;

/**
 * An acknowledged announcement: the message and where the broker put it.
 *
 * @param message what was written
 * @param partition its partition
 * @param offset its offset
 */
public record Announcement(ControlMessage message, int partition, long offset) {

    public Announcement {
        Objects.requireNonNull(message, "message");
    }
}

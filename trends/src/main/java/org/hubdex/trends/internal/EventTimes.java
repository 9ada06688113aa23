package org.hubdex.trends.internal;

import java.time.Instant;
import java.util.Optional;
import org.hubdex.schemas.avro.ModelEvent;

/**
 * When a model event happened, in event time. The hub reports {@value #PLACEHOLDER_TEXT} as the creation time of
 * every repository older than 2022: that value means "created at an unknown time before 2022", so such models (and
 * models without any creation time) are <i>undated</i> and counted apart, never as a spike on that day.
 */
public final class EventTimes {

    static final String PLACEHOLDER_TEXT = "2022-03-02T23:29:04.000Z";
    /** The hub's creation time of every repository older than 2022. */
    public static final Instant PRE_2022_PLACEHOLDER = Instant.parse(PLACEHOLDER_TEXT);

    private EventTimes() {
    }

    /** The model's creation time, or empty when unknown (absent, or the pre-2022 placeholder). */
    public static Optional<Instant> creation(ModelEvent event) {
        Instant created = event.getCreatedAt();
        return created == null || created.equals(PRE_2022_PLACEHOLDER) ? Optional.empty() : Optional.of(created);
    }

    /** When the event's revision was made (its last-modified time), or empty when the hub did not say. */
    public static Optional<Instant> modification(ModelEvent event) {
        return Optional.ofNullable(event.getLastModified());
    }
}

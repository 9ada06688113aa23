package org.hubdex.trends.internal;

import java.util.Optional;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;

/** Whether a decoded model event can be counted; what is wrong with it otherwise. */
public final class EventCheck {

    private EventCheck() {
    }

    /** Why {@code event} cannot be counted, or empty when it can. */
    public static Optional<String> problem(ModelEvent event) {
        if (event == null) {
            return Optional.of("null value (a tombstone) on the events topic");
        }
        if (event.getModelId() == null || event.getModelId().isBlank()) {
            return Optional.of("event without a model id");
        }
        if (event.getKind() != ModelEventKind.UNAVAILABLE && (event.getSha() == null || event.getSha().isBlank())) {
            return Optional.of(event.getKind() + " event of " + event.getModelId() + " without a sha: a (model, sha) cannot be counted once");
        }
        return Optional.empty();
    }
}

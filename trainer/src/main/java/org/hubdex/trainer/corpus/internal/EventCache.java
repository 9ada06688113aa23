package org.hubdex.trainer.corpus.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hubdex.schemas.avro.ModelEvent;

/**
 * Model events waiting for their tokens, by {@code modelId@sha}, at most {@code capacity} of them: the least recently
 * used is dropped first (a model whose tokens never come: gated, no safetensors). Dropping one costs a model-info
 * request when its tokens do come, nothing more. Not thread-safe: the ingestor's consumer thread owns it.
 */
public final class EventCache {

    private final LinkedHashMap<String, ModelEvent> events;

    public EventCache(int capacity) {
        this.events = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ModelEvent> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers the newest event of (model, sha). */
    public void put(ModelEvent event) {
        events.put(event.getModelId() + "@" + event.getSha(), event);
    }

    public Optional<ModelEvent> get(String modelId, String sha) {
        return Optional.ofNullable(events.get(modelId + "@" + sha));
    }

    public void remove(String modelId, String sha) {
        events.remove(modelId + "@" + sha);
    }

    public int size() {
        return events.size();
    }
}

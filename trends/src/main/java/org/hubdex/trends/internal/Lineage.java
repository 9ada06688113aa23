package org.hubdex.trends.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hubdex.schemas.avro.ModelEvent;

/**
 * Model trees from cards: a model's parent is the first {@code base_model} its card names; its root is found by
 * following parents through the models known so far. The chain stops at a model that is unknown (its card has not
 * been seen: the root is then the model the last known card names), at a model without a parent, at a repeated
 * model (a cycle of cards ends at the last model before the repetition) and after {@value #MAX_DEPTH} links.
 * Pure functions over a lookup; thread-safe.
 */
public final class Lineage {

    /** Longest chain followed; real trees are a few links deep. */
    public static final int MAX_DEPTH = 64;

    private Lineage() {
    }

    /** The first base model the card names, unless it names the model itself. */
    public static Optional<String> parentOf(ModelEvent event) {
        if (event == null || event.getCardData() == null) {
            return Optional.empty();
        }
        return event.getCardData().getBaseModels().stream().map(String::trim).filter(s -> !s.isEmpty()).findFirst()
                .filter(base -> !base.equals(event.getModelId()));
    }

    /** The root of {@code modelId}'s tree, reading known models through {@code lookup} (null = unknown). */
    public static String root(String modelId, Function<String, ModelEvent> lookup) {
        String current = modelId;
        Set<String> seen = new HashSet<>();
        seen.add(current);
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            Optional<String> parent = parentOf(lookup.apply(current));
            if (parent.isEmpty() || !seen.add(parent.get())) {
                return current;
            }
            current = parent.get();
        }
        return current;
    }
}

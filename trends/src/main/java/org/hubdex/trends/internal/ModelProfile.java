package org.hubdex.trends.internal;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.trends.Dimension;

/**
 * The count keys a new model contributes to, from its latest (slim) event and its tree root: one per dimension,
 * except {@link Dimension#TREE}, which only models whose card names a base model have. Pure and thread-safe.
 *
 * <p><b>Undocumented</b>: a model is undocumented when its event has no card data, or its card names neither a
 * base model nor a dataset, i.e. nothing says where its weights came from. Everything else is documented.
 */
public final class ModelProfile {

    static final String UNKNOWN = "unknown";

    private ModelProfile() {
    }

    /** The model's count keys; {@code root} is its tree root when its card names a base model. */
    public static Set<String> keys(ModelEvent event, Optional<String> root) {
        Set<String> keys = new LinkedHashSet<>();
        root.ifPresent(r -> keys.add(Dimension.TREE.key(r)));
        keys.add(Dimension.LIBRARY.key(orUnknown(event.getLibraryName())));
        keys.add(Dimension.PIPELINE.key(orUnknown(event.getPipelineTag())));
        keys.add(Dimension.LICENSE.key(orUnknown(event.getCardData() == null ? null : event.getCardData().getLicense())));
        keys.add(Dimension.AUTHOR.key(author(event)));
        keys.add(Dimension.DOCUMENTATION.key(undocumented(event) ? "undocumented" : "documented"));
        return keys;
    }

    /** True when nothing in the card says where the weights came from (see the class comment). */
    public static boolean undocumented(ModelEvent event) {
        CardData card = event.getCardData();
        return card == null || (card.getBaseModels().stream().allMatch(String::isBlank) && card.getDatasets().stream().allMatch(String::isBlank));
    }

    static String author(ModelEvent event) {
        if (event.getAuthor() != null && !event.getAuthor().isBlank()) {
            return event.getAuthor().trim();
        }
        int slash = event.getModelId().indexOf('/');
        return slash > 0 ? event.getModelId().substring(0, slash) : UNKNOWN;
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value.trim();
    }
}

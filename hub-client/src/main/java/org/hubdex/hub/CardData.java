package org.hubdex.hub;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The model card's front matter as the hub returns it ({@code cardData}). Fields that the card may
 * give as a string or a list ({@code base_model}, {@code license}, {@code datasets}, {@code
 * language}) are always lists here; absent fields are empty lists.
 *
 * @param baseModels {@code base_model}: one id for a fine-tune, several for a merge
 * @param baseModelRelation {@code base_model_relation} ({@code finetune}, {@code adapter}, {@code quantized}, {@code merge}) when the card sets it
 * @param licenses {@code license}
 * @param datasets {@code datasets}
 * @param languages {@code language}
 * @param tags {@code tags}
 * @param raw every field of the card data as parsed JSON (maps, lists, strings, numbers, booleans)
 */
public record CardData(List<String> baseModels, Optional<String> baseModelRelation, List<String> licenses,
        List<String> datasets, List<String> languages, List<String> tags, Map<String, Object> raw) {
    public CardData {
        baseModels = List.copyOf(baseModels);
        Objects.requireNonNull(baseModelRelation, "baseModelRelation");
        licenses = List.copyOf(licenses);
        datasets = List.copyOf(datasets);
        languages = List.copyOf(languages);
        tags = List.copyOf(tags);
        raw = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw));
    }

    /** The first license, the usual case of a single one. */
    public Optional<String> license() {
        return licenses.isEmpty() ? Optional.empty() : Optional.of(licenses.get(0));
    }
}

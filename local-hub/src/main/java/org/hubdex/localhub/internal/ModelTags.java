package org.hubdex.localhub.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The tags the hub computes for a model from its card and files, as {@code docs/repo-folder-format.md}
 * lists them: {@code library_name}, {@code safetensors} when weights are present,
 * {@code pipeline_tag}, the card's {@code tags}, {@code dataset:<id>}, {@code base_model:<id>} and
 * {@code base_model:<relation>:<id>}, {@code license:<id>}. Duplicates are dropped, first occurrence
 * kept. Stateless.
 */
public final class ModelTags {

    /** The relations the hub knows. */
    public static final Set<String> RELATIONS = Set.of("finetune", "adapter", "quantized", "merge");

    private ModelTags() {
    }

    /**
     * The base-model relation: the card's {@code base_model_relation} when it is a known one, else
     * {@code finetune} with one base model, {@code merge} with several; empty without base models.
     */
    public static Optional<String> relation(ModelCard card) {
        List<String> bases = card.stringOrList("base_model");
        if (bases.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> given = card.string("base_model_relation").map(s -> s.toLowerCase(Locale.ROOT));
        if (given.isPresent() && RELATIONS.contains(given.get())) {
            return given;
        }
        return Optional.of(bases.size() == 1 ? "finetune" : "merge");
    }

    /** The tags of a model with this card; {@code hasSafetensors} when any {@code .safetensors} file is served. */
    public static List<String> derive(ModelCard card, boolean hasSafetensors) {
        Set<String> tags = new LinkedHashSet<>();
        card.string("library_name").ifPresent(tags::add);
        if (hasSafetensors) {
            tags.add("safetensors");
        }
        card.string("pipeline_tag").ifPresent(tags::add);
        tags.addAll(card.stringOrList("tags"));
        for (String d : card.stringOrList("datasets")) {
            tags.add("dataset:" + d);
        }
        Optional<String> relation = relation(card);
        for (String b : card.stringOrList("base_model")) {
            tags.add("base_model:" + b);
            tags.add("base_model:" + relation.orElseThrow() + ":" + b);
        }
        for (String l : card.stringOrList("license")) {
            tags.add("license:" + l);
        }
        return new ArrayList<>(tags);
    }
}

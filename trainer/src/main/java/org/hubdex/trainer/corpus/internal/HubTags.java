package org.hubdex.trainer.corpus.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hubdex.trainer.corpus.CardFrontMatter;

/**
 * The tags a hub computes for a model from its card and files, by the rules of {@code docs/repo-folder-format.md}:
 * {@code library_name}, {@code safetensors} when weights are present, {@code pipeline_tag}, the card's {@code tags},
 * {@code dataset:<id>}, {@code base_model:<id>} and {@code base_model:<relation>:<id>}, {@code license:<id>};
 * duplicates dropped, first kept. The zoo path needs them because no hub listed its folders; on the Kafka path the
 * hub's own tags are kept as they are.
 */
public final class HubTags {

    private static final Set<String> RELATIONS = Set.of("finetune", "adapter", "quantized", "merge");

    private HubTags() {
    }

    public static List<String> derive(CardFrontMatter card, boolean hasSafetensors) {
        Set<String> tags = new LinkedHashSet<>();
        card.libraryName().ifPresent(tags::add);
        if (hasSafetensors) {
            tags.add("safetensors");
        }
        card.pipelineTag().ifPresent(tags::add);
        tags.addAll(card.tags());
        for (String d : card.datasets()) {
            tags.add("dataset:" + d);
        }
        Optional<String> given = card.baseModelRelation().map(r -> r.toLowerCase(Locale.ROOT)).filter(RELATIONS::contains);
        String relation = given.orElse(card.baseModels().size() == 1 ? "finetune" : "merge");
        for (String b : card.baseModels()) {
            tags.add("base_model:" + b);
            tags.add("base_model:" + relation + ":" + b);
        }
        for (String l : card.licenses()) {
            tags.add("license:" + l);
        }
        return new ArrayList<>(tags);
    }
}

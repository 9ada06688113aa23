package org.hubdex.trainer.corpus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of a model card's YAML front matter the corpus keeps (see {@code docs/repo-folder-format.md}). Fields a
 * card may give as a string or a list are lists here; absent ones are empty.
 *
 * @param baseModels {@code base_model}
 * @param baseModelRelation {@code base_model_relation}
 * @param datasets {@code datasets}
 * @param licenses {@code license}
 * @param tags {@code tags}
 * @param pipelineTag {@code pipeline_tag}
 * @param libraryName {@code library_name}
 */
public record CardFrontMatter(List<String> baseModels, Optional<String> baseModelRelation, List<String> datasets,
        List<String> licenses, List<String> tags, Optional<String> pipelineTag, Optional<String> libraryName) {

    /** No front matter. */
    public static final CardFrontMatter EMPTY = new CardFrontMatter(List.of(), Optional.empty(), List.of(), List.of(), List.of(),
            Optional.empty(), Optional.empty());

    public CardFrontMatter {
        baseModels = List.copyOf(baseModels);
        Objects.requireNonNull(baseModelRelation, "baseModelRelation");
        datasets = List.copyOf(datasets);
        licenses = List.copyOf(licenses);
        tags = List.copyOf(tags);
        Objects.requireNonNull(pipelineTag, "pipelineTag");
        Objects.requireNonNull(libraryName, "libraryName");
    }

    /** The first license, the usual case of a single one. */
    public Optional<String> license() {
        return licenses.isEmpty() ? Optional.empty() : Optional.of(licenses.get(0));
    }
}

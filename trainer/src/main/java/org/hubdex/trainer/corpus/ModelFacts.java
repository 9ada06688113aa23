package org.hubdex.trainer.corpus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub and the repository say about one revision of one model, stored beside its tokens in the corpus
 * ({@code facts.json}): the labels and metadata the trainer learns from and evaluates against. Everything here comes
 * from what a hub serves (model events, model info, {@code config.json}, {@code README.md}), never from a zoo's
 * ground-truth manifest, so that a corpus built from the real hub and one built from a zoo are the same kind of data.
 *
 * <p>Immutable. Absent values are empty, never placeholders: the hub's pre-2022 {@code createdAt} placeholder is
 * stored as an unknown creation time.
 *
 * @param modelId the model
 * @param sha the revision
 * @param author the namespace (the hub's, else the id's prefix)
 * @param createdAt when the repository was created, when known
 * @param lastModified when the revision was committed, as the hub reports it
 * @param tags the hub's tags
 * @param pipelineTag the hub's task
 * @param libraryName the library the model is meant for
 * @param baseModels the card's {@code base_model}s
 * @param datasets the card's {@code datasets}
 * @param license the card's (first) license
 * @param classNames the output classes in model order, from {@code config.json}'s {@code id2label}; empty when the
 *     config is missing, has none, or has placeholders ({@code LABEL_0}, ...)
 * @param cardText the Markdown of {@code README.md} after its front matter, capped; empty without a card or text
 * @param documented what the repository documents
 * @param source where the entry came from
 * @param ingestedAt when the entry was stored
 */
public record ModelFacts(
        String modelId,
        String sha,
        Optional<String> author,
        Optional<Instant> createdAt,
        Optional<Instant> lastModified,
        List<String> tags,
        Optional<String> pipelineTag,
        Optional<String> libraryName,
        List<String> baseModels,
        List<String> datasets,
        Optional<String> license,
        List<String> classNames,
        Optional<String> cardText,
        Documented documented,
        Source source,
        Instant ingestedAt) {

    public ModelFacts {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastModified, "lastModified");
        tags = List.copyOf(tags);
        Objects.requireNonNull(pipelineTag, "pipelineTag");
        Objects.requireNonNull(libraryName, "libraryName");
        baseModels = List.copyOf(baseModels);
        datasets = List.copyOf(datasets);
        Objects.requireNonNull(license, "license");
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(cardText, "cardText");
        Objects.requireNonNull(documented, "documented");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ingestedAt, "ingestedAt");
    }

    /**
     * What the repository documents, the three ways a model can be undocumented for the trainer.
     *
     * @param hasCard a {@code README.md} exists at the revision
     * @param hasBaseModel the card names a base model
     * @param hasClassNames {@code config.json} names the output classes (not placeholders)
     */
    public record Documented(boolean hasCard, boolean hasBaseModel, boolean hasClassNames) {
    }

    /** Where an entry's tokens came from. */
    public enum SourceKind {
        /** A {@code hub.weight-tokens} record, as received. */
        KAFKA,
        /** Tokenized here from a zoo output folder ({@code ZooFolderCorpus}). */
        ZOO_FOLDER
    }

    /** Where the metadata (author, dates, tags, card data) came from. */
    public enum MetadataOrigin {
        /** The model's {@code hub.model-events} record for this sha. */
        MODEL_EVENT,
        /** The hub's model info at this sha (no event seen). */
        HUB_MODEL_INFO,
        /** The repository folder ({@code .hub.json} and the card). */
        ZOO_FOLDER
    }

    /**
     * Provenance of an entry.
     *
     * @param kind where the tokens came from
     * @param ref the record ({@code topic/partition/offset}) or the folder ({@code hub/<author>/<name>}) they came from
     * @param metadata where the metadata came from
     */
    public record Source(SourceKind kind, String ref, MetadataOrigin metadata) {
        public Source {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(metadata, "metadata");
        }
    }
}

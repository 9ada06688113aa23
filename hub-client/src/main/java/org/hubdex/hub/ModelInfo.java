package org.hubdex.hub;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.hubdex.hub.internal.ModelInfoParser;

/**
 * One model as the hub describes it, in a listing entry or in model info. Tolerant by design: the
 * hub returns only the fields a request asks for ({@code expand}), adds fields over time and types
 * some loosely, so every field but {@code id} may be absent and unknown fields are ignored.
 *
 * <p>Absent booleans ({@code private}, {@code disabled}) read as {@code false} and an absent {@code
 * gated} as {@link GatedMode#NONE}, which is what the hub means when it omits them; absent counters
 * and dates are empty, never 0.
 *
 * @param id {@code author/name} (or a legacy id without a namespace)
 * @param author the namespace
 * @param sha the commit of the main branch (or of the requested revision)
 * @param createdAt creation time; {@link HubDates#LEGACY_CREATED_AT} for every repository older than 2022 (see {@link #createdAtKnown()})
 * @param lastModified time of the last commit
 * @param privateRepo {@code private}
 * @param gated {@code gated}: {@code false}, {@code "auto"}, {@code "manual"}
 * @param disabled {@code disabled}
 * @param downloads downloads over the last 30 days
 * @param downloadsAllTime {@code downloadsAllTime} (expand only)
 * @param likes likes
 * @param trendingScore {@code trendingScore}
 * @param tags tags, including the ones the hub derives ({@code base_model:...}, {@code license:...})
 * @param pipelineTag {@code pipeline_tag}
 * @param libraryName {@code library_name}
 * @param siblings the repository's files; with sizes and LFS data when asked with {@code blobs=true}
 * @param safetensors parameter counts from the safetensors headers, when the hub computed them
 * @param cardData the card's front matter ({@code cardData})
 * @param config parts of {@code config.json} ({@code config})
 * @param baseModels {@code baseModels} (expand only)
 * @param childrenModelCount {@code childrenModelCount} (expand only)
 * @param usedStorage {@code usedStorage} in bytes (expand only)
 */
public record ModelInfo(
        String id,
        Optional<String> author,
        Optional<String> sha,
        Optional<Instant> createdAt,
        Optional<Instant> lastModified,
        boolean privateRepo,
        GatedMode gated,
        boolean disabled,
        OptionalLong downloads,
        OptionalLong downloadsAllTime,
        OptionalLong likes,
        OptionalDouble trendingScore,
        List<String> tags,
        Optional<String> pipelineTag,
        Optional<String> libraryName,
        List<Sibling> siblings,
        Optional<SafetensorsInfo> safetensors,
        Optional<CardData> cardData,
        Optional<ModelConfig> config,
        Optional<BaseModels> baseModels,
        OptionalLong childrenModelCount,
        OptionalLong usedStorage) {

    public ModelInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(gated, "gated");
        Objects.requireNonNull(downloads, "downloads");
        Objects.requireNonNull(downloadsAllTime, "downloadsAllTime");
        Objects.requireNonNull(likes, "likes");
        Objects.requireNonNull(trendingScore, "trendingScore");
        tags = List.copyOf(tags);
        Objects.requireNonNull(pipelineTag, "pipelineTag");
        Objects.requireNonNull(libraryName, "libraryName");
        siblings = List.copyOf(siblings);
        Objects.requireNonNull(safetensors, "safetensors");
        Objects.requireNonNull(cardData, "cardData");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(baseModels, "baseModels");
        Objects.requireNonNull(childrenModelCount, "childrenModelCount");
        Objects.requireNonNull(usedStorage, "usedStorage");
    }

    /**
     * Parses one model object as the hub returns it (a listing entry or a model info response).
     *
     * @throws MalformedResponseException when it is not a JSON object with a string {@code id}, or a date does not parse
     */
    public static ModelInfo fromJson(String json) {
        return ModelInfoParser.parse(json);
    }

    /** A model known by id only (every other field absent). */
    public static ModelInfo ofId(String id) {
        return new ModelInfo(id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, GatedMode.NONE,
                false, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(), List.of(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    /** {@code createdAt} when it is a real creation time: empty when absent or the pre-2022 placeholder. */
    public Optional<Instant> createdAtKnown() {
        return HubDates.knownCreatedAt(createdAt);
    }

    /** The file names of {@link #siblings()}. */
    public List<String> fileNames() {
        return siblings.stream().map(Sibling::rfilename).toList();
    }

    /** The sibling with this path, if listed. */
    public Optional<Sibling> sibling(String rfilename) {
        return siblings.stream().filter(s -> s.rfilename().equals(rfilename)).findFirst();
    }

    /** Base model ids from the card ({@code base_model}), else from {@code baseModels}; empty when neither says. */
    public List<String> baseModelIds() {
        if (cardData.isPresent() && !cardData.get().baseModels().isEmpty()) {
            return cardData.get().baseModels();
        }
        return baseModels.map(BaseModels::ids).orElse(List.of());
    }
}

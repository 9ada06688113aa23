package org.hubdex.trainer.corpus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hubdex.hub.CardData;
import org.hubdex.hub.HubDates;
import org.hubdex.hub.ModelInfo;
import org.hubdex.schemas.avro.ModelEvent;

/**
 * Assembles a revision's {@link ModelFacts} from what the hub says about the model (its model event, else its model
 * info, else its repository folder) and what the repository documents ({@link RepoCard}). The hub's card data (base
 * models, datasets, license, task, library) wins over the card's front matter, which fills in what the hub left out;
 * on the hub both come from the same front matter. Stateless.
 */
final class FactsMapper {

    private FactsMapper() {
    }

    /** Facts from the model's {@code hub.model-events} record for this sha. */
    static ModelFacts fromEvent(ModelEvent e, RepoCard card, ModelFacts.Source source, Instant now) {
        org.hubdex.schemas.avro.CardData hubCard = e.getCardData();
        CardFrontMatter fm = card.frontMatter();
        List<String> baseModels = hubCard != null && !hubCard.getBaseModels().isEmpty() ? hubCard.getBaseModels() : fm.baseModels();
        List<String> datasets = hubCard != null && !hubCard.getDatasets().isEmpty() ? hubCard.getDatasets() : fm.datasets();
        Optional<String> license = hubCard != null && hubCard.getLicense() != null ? Optional.of(hubCard.getLicense()) : fm.license();
        return build(e.getModelId(), e.getSha(), Optional.ofNullable(e.getAuthor()), HubDates.knownCreatedAt(Optional.ofNullable(e.getCreatedAt())),
                Optional.ofNullable(e.getLastModified()), e.getTags(),
                Optional.ofNullable(e.getPipelineTag()).or(fm::pipelineTag), Optional.ofNullable(e.getLibraryName()).or(fm::libraryName),
                baseModels, datasets, license, card, source, now);
    }

    /** Facts from the hub's model info at this sha (no model event seen). */
    static ModelFacts fromModelInfo(ModelInfo m, String sha, RepoCard card, ModelFacts.Source source, Instant now) {
        CardFrontMatter fm = card.frontMatter();
        Optional<CardData> hubCard = m.cardData();
        List<String> baseModels = !m.baseModelIds().isEmpty() ? m.baseModelIds() : fm.baseModels();
        List<String> datasets = hubCard.map(CardData::datasets).filter(d -> !d.isEmpty()).orElse(fm.datasets());
        Optional<String> license = hubCard.flatMap(CardData::license).or(fm::license);
        return build(m.id(), sha, m.author(), m.createdAtKnown(), m.lastModified(), m.tags(), m.pipelineTag().or(fm::pipelineTag),
                m.libraryName().or(fm::libraryName), baseModels, datasets, license, card, source, now);
    }

    /** Facts from a repository folder: dates from its {@code .hub.json}, tags as the hub derives them, card data from the card. */
    static ModelFacts fromFolder(String modelId, String sha, Optional<Instant> createdAt, Optional<Instant> lastModified,
            List<String> tags, RepoCard card, ModelFacts.Source source, Instant now) {
        CardFrontMatter fm = card.frontMatter();
        return build(modelId, sha, Optional.empty(), HubDates.knownCreatedAt(createdAt), lastModified, tags, fm.pipelineTag(),
                fm.libraryName(), fm.baseModels(), fm.datasets(), fm.license(), card, source, now);
    }

    private static ModelFacts build(String modelId, String sha, Optional<String> author, Optional<Instant> createdAt,
            Optional<Instant> lastModified, List<String> tags, Optional<String> pipelineTag, Optional<String> libraryName,
            List<String> baseModels, List<String> datasets, Optional<String> license, RepoCard card, ModelFacts.Source source,
            Instant now) {
        int slash = modelId.indexOf('/');
        Optional<String> owner = author.or(() -> slash > 0 ? Optional.of(modelId.substring(0, slash)) : Optional.empty());
        ModelFacts.Documented documented = new ModelFacts.Documented(card.readme().isPresent(), !baseModels.isEmpty(),
                !card.classNames().isEmpty());
        return new ModelFacts(modelId, sha, owner, createdAt, lastModified, tags, pipelineTag, libraryName, baseModels, datasets,
                license, card.classNames(), card.readme().flatMap(ReadmeCard::text), documented, source, now);
    }
}

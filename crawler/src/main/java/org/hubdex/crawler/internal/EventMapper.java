package org.hubdex.crawler.internal;

import java.time.Instant;
import java.util.Optional;
import org.hubdex.hub.CardData;
import org.hubdex.hub.ModelInfo;
import org.hubdex.hub.Sibling;
import org.hubdex.schemas.avro.GatedMode;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.ModelFile;

/**
 * Turns the hub's description of a model into a {@code hub.model-events} record. {@code createdAt}
 * is passed through as the hub reports it, including the pre-2022 placeholder
 * ({@code org.hubdex.hub.HubDates#LEGACY_CREATED_AT}), which consumers must read as "before 2022".
 * Stateless.
 */
final class EventMapper {

    private EventMapper() {
    }

    static ModelEvent toEvent(ModelInfo model, ModelEventKind kind, Optional<String> unavailableReason, String hubUrl,
            Instant observedAt) {
        ModelEvent.Builder event = ModelEvent.newBuilder()
                .setKind(kind)
                .setUnavailableReason(unavailableReason.orElse(null))
                .setModelId(model.id())
                .setSha(model.sha().orElse(null))
                .setHubUrl(hubUrl)
                .setAuthor(model.author().orElse(authorFromId(model.id())))
                .setCreatedAt(model.createdAt().orElse(null))
                .setLastModified(model.lastModified().orElse(null))
                .setObservedAt(observedAt)
                .setTags(model.tags())
                .setPipelineTag(model.pipelineTag().orElse(null))
                .setLibraryName(model.libraryName().orElse(null))
                .setFiles(model.siblings().stream().map(EventMapper::toFile).toList())
                .setGated(switch (model.gated()) {
                    case NONE -> GatedMode.NONE;
                    case AUTO -> GatedMode.AUTO;
                    case MANUAL -> GatedMode.MANUAL;
                })
                .setPrivateRepo(model.privateRepo())
                .setDisabled(model.disabled())
                .setDownloads(model.downloads().isPresent() ? Long.valueOf(model.downloads().getAsLong()) : null)
                .setLikes(model.likes().isPresent() ? Long.valueOf(model.likes().getAsLong()) : null);
        model.safetensors().ifPresent(s -> event.setParametersByDtype(s.parameters()).setParameterTotal(s.total()));
        if (model.cardData().isPresent() || !model.baseModelIds().isEmpty()) {
            CardData card = model.cardData().orElse(null);
            event.setCardData(org.hubdex.schemas.avro.CardData.newBuilder()
                    .setBaseModels(model.baseModelIds())
                    .setLicense(card == null ? null : card.license().orElse(null))
                    .setDatasets(card == null ? java.util.List.of() : card.datasets())
                    .setLanguages(card == null ? java.util.List.of() : card.languages())
                    .build());
        }
        return event.build();
    }

    private static ModelFile toFile(Sibling sibling) {
        return ModelFile.newBuilder()
                .setPath(sibling.rfilename())
                .setSize(sibling.size().isPresent() ? Long.valueOf(sibling.size().getAsLong())
                        : sibling.lfs().map(l -> Long.valueOf(l.size())).orElse(null))
                .setLfsSha256(sibling.lfs().map(l -> l.sha256()).orElse(null))
                .build();
    }

    private static String authorFromId(String id) {
        int slash = id.indexOf('/');
        return slash > 0 ? id.substring(0, slash) : null;
    }
}

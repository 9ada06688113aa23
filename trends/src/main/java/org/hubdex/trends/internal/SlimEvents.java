package org.hubdex.trends.internal;

import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.ModelEvent;

/**
 * The part of a {@link ModelEvent} the trends application keeps: identity, sha, times and the fields its
 * dimensions read. Files, tags, parameter counts and languages are dropped before the event is repartitioned and
 * stored, so the single lineage task's topic and store stay small (an event of a large repository lists hundreds of
 * files).
 */
public final class SlimEvents {

    private SlimEvents() {
    }

    public static ModelEvent slim(ModelEvent e) {
        CardData card = e.getCardData() == null ? null : CardData.newBuilder()
                .setBaseModels(e.getCardData().getBaseModels())
                .setLicense(e.getCardData().getLicense())
                .setDatasets(e.getCardData().getDatasets())
                .build();
        return ModelEvent.newBuilder()
                .setKind(e.getKind())
                .setModelId(e.getModelId())
                .setSha(e.getSha())
                .setHubUrl(e.getHubUrl())
                .setAuthor(e.getAuthor())
                .setCreatedAt(e.getCreatedAt())
                .setLastModified(e.getLastModified())
                .setObservedAt(e.getObservedAt())
                .setPipelineTag(e.getPipelineTag())
                .setLibraryName(e.getLibraryName())
                .setCardData(card)
                .build();
    }
}

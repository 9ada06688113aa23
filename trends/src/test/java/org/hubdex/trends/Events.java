package org.hubdex.trends;

import java.time.Instant;
import java.util.List;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;

/** Model events for tests, as the crawler writes them. */
final class Events {

    static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    private Events() {
    }

    /** A new model with a documented card: {@code base} may be null (a base model), license MIT, dataset fashion_mnist. */
    static ModelEvent created(String id, String sha, Instant createdAt, String base) {
        return builder(id, sha, createdAt, createdAt)
                .setCardData(CardData.newBuilder().setBaseModels(base == null ? List.of() : List.of(base)).setLicense("mit")
                        .setDatasets(List.of("fashion_mnist")).build())
                .build();
    }

    /** A new model without card data. */
    static ModelEvent undocumented(String id, String sha, Instant createdAt) {
        return builder(id, sha, createdAt, createdAt).setLibraryName(null).build();
    }

    /** A new commit of a model: kind UPDATED, the given card. */
    static ModelEvent updated(ModelEvent previous, String sha, Instant lastModified) {
        return ModelEvent.newBuilder(previous).setKind(ModelEventKind.UPDATED).setSha(sha).setLastModified(lastModified)
                .setObservedAt(lastModified.plusSeconds(5)).build();
    }

    static ModelEvent.Builder builder(String id, String sha, Instant createdAt, Instant lastModified) {
        return ModelEvent.newBuilder()
                .setKind(ModelEventKind.CREATED)
                .setModelId(id)
                .setSha(sha)
                .setHubUrl("http://127.0.0.1:8900")
                .setAuthor(id.substring(0, id.indexOf('/')))
                .setCreatedAt(createdAt)
                .setLastModified(lastModified)
                .setObservedAt(lastModified == null ? T0 : lastModified.plusSeconds(5))
                .setPipelineTag("image-classification")
                .setLibraryName("pytorch")
                .setTags(List.of("safetensors"));
    }
}

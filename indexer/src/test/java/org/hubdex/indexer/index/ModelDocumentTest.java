package org.hubdex.indexer.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.junit.jupiter.api.Test;

class ModelDocumentTest {

    @Test
    void anEventMapsToTheMetadataHalfWithItsLastModifiedAsTheExternalVersion() {
        ModelEvent e = Records.event("acme/shoe-net", "sha1", 5_000_000L, "image-classification", "vision", "footwear");
        ModelDocument d = ModelDocument.mergeEvent(null, e);
        assertThat(d.id()).isEqualTo("acme/shoe-net");
        assertThat(d.author()).isEqualTo("acme");
        assertThat(d.sha()).isEqualTo("sha1");
        assertThat(d.tags()).containsExactly("vision", "footwear");
        assertThat(d.baseModels()).containsExactly("google/vit-base");
        assertThat(d.license()).isEqualTo("apache-2.0");
        assertThat(d.library()).isEqualTo("transformers");
        assertThat(d.pipelineTag()).isEqualTo("image-classification");
        assertThat(d.parameterTotal()).isEqualTo(86_000_000L);
        assertThat(d.createdAt()).isEqualTo(1_000_000L);
        assertThat(d.lastModified()).isEqualTo(5_000_000L);
        assertThat(d.eventVersion()).isEqualTo(5_000_000L);
        assertThat(d.cardText()).contains("shoe net", "footwear", "fashion_mnist", "image classification");
        assertThat(d.hasEvent()).isTrue();
        assertThat(d.hasEmbedding()).isFalse();
    }

    @Test
    void theExternalVersionFallsBackToObservedAtAndNeverReachesTheEmbeddingOnlyVersion() {
        ModelEvent noLastModified = ModelEvent.newBuilder(Records.event("a/b", "s", 7_000L, null)).setLastModified(null).build();
        assertThat(ModelDocument.externalVersion(noLastModified)).isEqualTo(7_005L);
        ModelEvent epoch = ModelEvent.newBuilder(Records.event("a/b", "s", 0L, null)).build();
        assertThat(ModelDocument.externalVersion(epoch)).isGreaterThan(ModelDocument.NO_EVENT_VERSION);
        assertThat(ModelDocument.externalVersion(Records.event("a/b", "new", 9_000L, null)))
                .isGreaterThan(ModelDocument.externalVersion(Records.event("a/b", "old", 8_000L, null)));
    }

    @Test
    void eventAndEmbeddingMergeInEitherOrder() {
        ModelEvent e = Records.event("acme/shoe-net", "sha1", 5_000_000L, "image-classification");
        ModelEmbedding m = Records.embedding("acme/shoe-net", "sha1", "v1", 8, Records.oneHot(3), "footwear");
        ModelDocument eventFirst = ModelDocument.mergeEmbedding(ModelDocument.mergeEvent(null, e), m);
        ModelDocument embeddingFirst = ModelDocument.mergeEvent(ModelDocument.mergeEmbedding(null, m), e);
        assertThat(eventFirst).isEqualTo(embeddingFirst);
        assertThat(eventFirst.categories()).containsExactly("footwear", "other");
        assertThat(eventFirst.categoryScores()).containsExactly(new ModelDocument.Score("footwear", 0.9), new ModelDocument.Score("other", 0.1));
        assertThat(eventFirst.backbone()).hasSize(8);
        assertThat(eventFirst.text()).hasSize(384);
        assertThat(eventFirst.routingMethod()).isEqualTo("WEIGHTS");
        assertThat(eventFirst.tree()).isEqualTo("google/vit-base");
        assertThat(eventFirst.modelVersion()).isEqualTo("v1");
        assertThat(eventFirst.eventVersion()).isEqualTo(5_000_000L);

        ModelDocument embeddingOnly = ModelDocument.mergeEmbedding(null, m);
        assertThat(embeddingOnly.eventVersion()).isEqualTo(ModelDocument.NO_EVENT_VERSION);
        assertThat(embeddingOnly.hasEvent()).isFalse();
    }

    @Test
    void anOlderRevisionsEmbeddingNeverReplacesTheCurrentOne() {
        ModelEmbedding current = Records.embedding("a/b", "new", "v1", 4, Records.oneHot(1), "x");
        ModelDocument d = ModelDocument.mergeEmbedding(ModelDocument.mergeEvent(null, Records.event("a/b", "new", 9_000L, null)), current);
        ModelEmbedding old = Records.embedding("a/b", "old", "v1", 4, Records.oneHot(2), "y");
        assertThat(ModelDocument.mergeEmbedding(d, old)).isSameAs(d);
        // a new revision's event keeps the previous embedding until the new one arrives
        ModelDocument newer = ModelDocument.mergeEvent(d, Records.event("a/b", "newer", 10_000L, null));
        assertThat(newer.embeddingSha()).isEqualTo("new");
        assertThat(newer.sha()).isEqualTo("newer");
    }

    @Test
    void theJsonHasTheMappedFieldNamesAndOmitsNulls() throws Exception {
        ModelDocument d = ModelDocument.mergeEvent(null, Records.event("acme/shoe-net", "sha1", 5_000_000L, null));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(d), Map.class);
        assertThat(json).containsKeys("id", "author", "tags", "baseModels", "library", "license", "cardText", "createdAt", "lastModified",
                "parameterTotal", "sha", "eventVersion");
        assertThat(json).doesNotContainKeys("pipelineTag", "backbone", "text", "modelVersion");
        assertThat(new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(d), ModelDocument.class)).isEqualTo(d);
    }

    @Test
    void indexNamesAreLowercaseAndSafe() {
        IndexLayout layout = IndexLayout.defaults();
        assertThat(layout.indexName("2026-11-25T12-00-00Z")).isEqualTo("hubdex-models-2026-11-25t12-00-00z");
        assertThat(layout.indexName("v1:B/x*y")).isEqualTo("hubdex-models-v1-b-x-y");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Backoff b = new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(1000), 3);
        assertThat(b.delay(1).toMillis()).isBetween(80L, 100L);
        assertThat(b.delay(3).toMillis()).isBetween(320L, 400L);
        assertThat(b.delay(30).toMillis()).isBetween(800L, 1000L);
    }
}

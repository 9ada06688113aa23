package org.hubdex.indexer.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.CategoryScore;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.RoutingMethod;
import org.hubdex.weightspace.modelset.ModelSetEmbedding;
import org.hubdex.weightspace.router.Routing;
import org.junit.jupiter.api.Test;

class EmbeddingRecordsTest {

    private static final Instant AT = Instant.parse("2026-11-25T20:00:00Z");

    @Test
    void mapsEveryFieldAndSortsCategoriesMostProbableFirst() {
        ModelSetEmbedding e = new ModelSetEmbedding(new float[] {1f, -2f}, Optional.of(new float[] {0.5f}),
                List.of(new ModelSetEmbedding.CategoryScore("cat", 0.2), new ModelSetEmbedding.CategoryScore("dog", 0.9),
                        new ModelSetEmbedding.CategoryScore("bird", 0.2)),
                new Routing(Routing.Method.CARD_BASE_MODEL, Optional.of("org/root"), 1.0, 0.0), Optional.empty());
        ModelEmbedding r = EmbeddingRecords.toRecord("a/b", "abc123", "2026-11-25T19-04-05Z", "dense-v1", e, AT);
        assertThat(r.getModelId()).isEqualTo("a/b");
        assertThat(r.getSha()).isEqualTo("abc123");
        assertThat(r.getModelVersion()).isEqualTo("2026-11-25T19-04-05Z");
        assertThat(r.getTokenizerVersion()).isEqualTo("dense-v1");
        assertThat(r.getBackbone()).containsExactly(1f, -2f);
        assertThat(r.getTextEmbedding()).containsExactly(0.5f);
        assertThat(r.getCategories()).extracting(CategoryScore::getCategory).containsExactly("dog", "bird", "cat");
        assertThat(r.getCategories()).extracting(CategoryScore::getProbability).containsExactly(0.9, 0.2, 0.2);
        assertThat(r.getTree()).isEqualTo("org/root");
        assertThat(r.getRouting().getMethod()).isEqualTo(RoutingMethod.CARD_BASE_MODEL);
        assertThat(r.getRouting().getConfidence()).isEqualTo(1.0);
        assertThat(r.getEmbeddedAt()).isEqualTo(AT);
        AvroCodec<ModelEmbedding> codec = AvroCodec.of(ModelEmbedding.class);
        assertThat(codec.decode("hub.model-embeddings", codec.encode("hub.model-embeddings", r))).isEqualTo(r);
    }

    @Test
    void weightsRoutingKeepsItsTreeAndConfidenceClampedToTheUnitInterval() {
        ModelSetEmbedding e = new ModelSetEmbedding(new float[] {0f}, Optional.empty(), List.of(),
                new Routing(Routing.Method.WEIGHTS, Optional.of("t"), 1.2, 0.3), Optional.empty());
        ModelEmbedding r = EmbeddingRecords.toRecord("m", "s", "v", "dense-v1", e, AT);
        assertThat(r.getRouting().getMethod()).isEqualTo(RoutingMethod.WEIGHTS);
        assertThat(r.getRouting().getConfidence()).isEqualTo(1.0);
        assertThat(r.getTree()).isEqualTo("t");
        assertThat(r.getTextEmbedding()).isNull();
        assertThat(r.getCategories()).isEmpty();
    }

    @Test
    void genericRoutingHasNoTree() {
        ModelSetEmbedding e = new ModelSetEmbedding(new float[] {0f}, Optional.empty(),
                List.of(new ModelSetEmbedding.CategoryScore("x", 0.5)),
                new Routing(Routing.Method.GENERIC, Optional.empty(), 0.1, 9.0), Optional.of("no family"));
        ModelEmbedding r = EmbeddingRecords.toRecord("m", "s", "v", "dense-v1", e, AT);
        assertThat(r.getRouting().getMethod()).isEqualTo(RoutingMethod.GENERIC);
        assertThat(r.getRouting().getConfidence()).isEqualTo(0.1);
        assertThat(r.getTree()).isNull();
    }

    @Test
    void everyRoutingMethodHasItsAvroSymbol() {
        for (Routing.Method m : Routing.Method.values()) {
            assertThat(EmbeddingRecords.method(m).name()).isEqualTo(m.name());
        }
    }
}

package org.hubdex.indexer.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.CategoryScore;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.Routing;
import org.hubdex.schemas.avro.RoutingMethod;

/** Test records. */
final class Records {

    private Records() {
    }

    static ModelEvent event(String id, String sha, long lastModified, String pipelineTag, String... tags) {
        return ModelEvent.newBuilder().setKind(ModelEventKind.UPDATED).setModelId(id).setSha(sha).setHubUrl("http://hub.test")
                .setAuthor(id.contains("/") ? id.substring(0, id.indexOf('/')) : null)
                .setCreatedAt(Instant.ofEpochMilli(1_000_000)).setLastModified(Instant.ofEpochMilli(lastModified))
                .setObservedAt(Instant.ofEpochMilli(lastModified + 5)).setTags(List.of(tags)).setPipelineTag(pipelineTag)
                .setLibraryName("transformers")
                .setCardData(CardData.newBuilder().setBaseModels(List.of("google/vit-base")).setLicense("apache-2.0")
                        .setDatasets(List.of("fashion_mnist")).setLanguages(List.of("en")).build())
                .setParameterTotal(86_000_000L).build();
    }

    static ModelEvent unavailable(String id, long lastModified) {
        return ModelEvent.newBuilder(event(id, null, lastModified, null)).setKind(ModelEventKind.UNAVAILABLE).setUnavailableReason("disabled").build();
    }

    static ModelEmbedding embedding(String id, String sha, String version, int backboneDims, float[] text, String category) {
        List<Float> backbone = new ArrayList<>();
        for (int i = 0; i < backboneDims; i++) {
            backbone.add(i == id.length() % backboneDims ? 1f : 0.1f);
        }
        List<Float> t = new ArrayList<>();
        for (float f : text) {
            t.add(f);
        }
        return ModelEmbedding.newBuilder().setModelId(id).setSha(sha).setModelVersion(version).setBackbone(backbone).setTextEmbedding(t)
                .setCategories(List.of(new CategoryScore(category, 0.9), new CategoryScore("other", 0.1))).setTree("google/vit-base")
                .setRouting(new Routing(RoutingMethod.WEIGHTS, 0.8)).setTokenizerVersion("tok-1")
                .setEmbeddedAt(Instant.ofEpochMilli(2_000_000)).build();
    }

    /** A 384-d unit-ish vector with a 1 at {@code hot}. */
    static float[] oneHot(int hot) {
        float[] v = new float[384];
        java.util.Arrays.fill(v, 0.01f);
        v[hot] = 1f;
        return v;
    }
}

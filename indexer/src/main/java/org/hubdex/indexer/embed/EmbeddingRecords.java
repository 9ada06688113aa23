package org.hubdex.indexer.embed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hubdex.schemas.avro.CategoryScore;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.Routing;
import org.hubdex.schemas.avro.RoutingMethod;
import org.hubdex.weightspace.modelset.ModelSetEmbedding;

/**
 * Post-processing of the embedder: one {@link ModelSetEmbedding} (what the model set computed) to one
 * {@code hub.model-embeddings} {@link ModelEmbedding} record. Kept apart from model execution so it is tested without
 * an engine. Stateless and thread-safe.
 */
public final class EmbeddingRecords {

    private EmbeddingRecords() {
    }

    /**
     * The record of one embedding: categories most probable first (ties by name, so the order is deterministic),
     * the routing method mapped one to one, the tree when routed, the text embedding when the version has one.
     */
    public static ModelEmbedding toRecord(String modelId, String sha, String modelVersion, String tokenizerVersion,
            ModelSetEmbedding e, Instant embeddedAt) {
        List<CategoryScore> categories = new ArrayList<>(e.categories().size());
        e.categories().stream()
                .sorted(Comparator.comparingDouble(ModelSetEmbedding.CategoryScore::probability).reversed()
                        .thenComparing(ModelSetEmbedding.CategoryScore::category))
                .forEach(c -> categories.add(new CategoryScore(c.category(), c.probability())));
        return ModelEmbedding.newBuilder()
                .setModelId(modelId)
                .setSha(sha)
                .setModelVersion(modelVersion)
                .setBackbone(floats(e.backbone()))
                .setTextEmbedding(e.textEmbedding().map(EmbeddingRecords::floats).orElse(null))
                .setCategories(categories)
                .setTree(e.tree().orElse(null))
                .setRouting(new Routing(method(e.routing().method()), clamp(e.routing().confidence())))
                .setTokenizerVersion(tokenizerVersion)
                .setEmbeddedAt(embeddedAt)
                .build();
    }

    static RoutingMethod method(org.hubdex.weightspace.router.Routing.Method m) {
        return switch (m) {
            case CARD_BASE_MODEL -> RoutingMethod.CARD_BASE_MODEL;
            case WEIGHTS -> RoutingMethod.WEIGHTS;
            case GENERIC -> RoutingMethod.GENERIC;
        };
    }

    private static double clamp(double confidence) {
        if (Double.isNaN(confidence)) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(1.0, confidence));
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }
}

package org.hubdex.weightspace.modelset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hubdex.weightspace.router.Routing;

/**
 * A model embedded by one model set: what the embedder writes to {@code hub.model-embeddings}.
 *
 * @param backbone the whole-model backbone embedding
 * @param textEmbedding the model in the text encoder's space (unit norm), when an expert handled it
 * @param categories predicted categories, most probable first (empty on the generic path)
 * @param routing how the model was routed, with the tree and confidence
 * @param note why the expert was not used although the routing named a tree (empty otherwise)
 */
public record ModelSetEmbedding(float[] backbone, Optional<float[]> textEmbedding, List<CategoryScore> categories,
        Routing routing, Optional<String> note) {

    /** One predicted category and its probability. */
    public record CategoryScore(String category, double probability) {
    }

    public ModelSetEmbedding {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(textEmbedding, "textEmbedding");
        categories = List.copyOf(categories);
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(note, "note");
    }

    /** The tree the expert of which produced the text embedding and categories, if any. */
    public Optional<String> tree() {
        return routing.treeId();
    }
}

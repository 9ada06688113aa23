package org.hubdex.trainer.training;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the tree of a model from what cards say: follow {@code base_model} from parent to parent while the
 * parent is a model the corpus knows; the tree is named by the last ancestor reached (the root base model). A
 * parent the corpus does not hold still names the tree (the card says where the model comes from even when the
 * base itself was never crawled). Only the first {@code base_model} of a card is followed (merges name several;
 * the first is the one hub pages show as the parent).
 *
 * <p>Stateless apart from the immutable parent map; thread-safe.
 */
public final class TreeResolver {

    private final Map<String, List<String>> cardBaseModels;

    /** @param cardBaseModels every known model's card {@code base_model} list (empty when the card names none) */
    public TreeResolver(Map<String, List<String>> cardBaseModels) {
        this.cardBaseModels = Map.copyOf(cardBaseModels);
    }

    /**
     * The tree of {@code modelId}: the root reached through card parents, the model itself when it is a known
     * model whose card names no parent but which others name as theirs (a base); empty when neither the model's
     * card nor anything else ties it to a tree.
     */
    public Optional<String> treeOf(String modelId) {
        List<String> parents = cardBaseModels.getOrDefault(modelId, List.of());
        if (parents.isEmpty()) {
            return isNamedAsParent(modelId) ? Optional.of(modelId) : Optional.empty();
        }
        String current = modelId;
        Set<String> seen = new HashSet<>();
        while (seen.add(current)) {
            List<String> up = cardBaseModels.getOrDefault(current, List.of());
            if (up.isEmpty()) {
                return Optional.of(current);
            }
            current = up.get(0);
        }
        // a cycle of cards naming each other: no root to name, so no tree
        return Optional.empty();
    }

    private boolean isNamedAsParent(String modelId) {
        for (List<String> parents : cardBaseModels.values()) {
            if (!parents.isEmpty() && parents.get(0).equals(modelId)) {
                return true;
            }
        }
        return false;
    }
}

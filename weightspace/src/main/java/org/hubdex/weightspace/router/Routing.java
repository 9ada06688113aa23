package org.hubdex.weightspace.router;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a model goes: its tree's ProbeX expert, or the generic path.
 *
 * @param method how the tree was found
 * @param treeId the tree; empty exactly when {@code method} is {@link Method#GENERIC}
 * @param confidence in [0, 1]: 1 for a card naming one known tree, the weight confidence (see
 *     {@link Router}) for weights; for {@code GENERIC}, the weight confidence that fell short (0 when the
 *     weights could not be compared)
 * @param distance {@code ||X - C|| / ||C||} to the nearest centre of the nearest tree (for a card route,
 *     of the card's tree); NaN when no centre of the model's layer signature was there to compare
 */
public record Routing(Method method, Optional<String> treeId, double confidence, double distance) {

    /** How a routing was decided. */
    public enum Method {
        /** The card's {@code base_model} names a model of a known tree. */
        CARD_BASE_MODEL,
        /** The weights are confidently nearest to one tree. */
        WEIGHTS,
        /** No tree: the generic path. */
        GENERIC
    }

    public Routing {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(treeId, "treeId");
        if (treeId.isEmpty() != (method == Method.GENERIC)) {
            throw new IllegalArgumentException(method + " routing " + (treeId.isEmpty() ? "without" : "with") + " a tree");
        }
    }

    static Routing generic(double confidence, double distance) {
        return new Routing(Method.GENERIC, Optional.empty(), confidence, distance);
    }
}

package org.hubdex.weightspace.router;

import java.util.Objects;

/**
 * A training model of the router: a model known to belong to a tree.
 *
 * @param modelId the model's hub id
 * @param treeId the tree (and so the ProbeX expert) it belongs to
 * @param parentId the model it was fine-tuned from, or null for a tree's base; a parent need not be a
 *     member itself (a base whose weights were never read), and a card naming it still routes to the tree
 * @param input the model's routing input (its weights, when it has a ProbeX matrix)
 */
public record TreeMember(String modelId, String treeId, String parentId, RoutingInput input) {

    public TreeMember {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(treeId, "treeId");
        Objects.requireNonNull(input, "input");
        if (!modelId.equals(input.modelId())) {
            throw new IllegalArgumentException("member " + modelId + " carries the input of " + input.modelId());
        }
    }
}

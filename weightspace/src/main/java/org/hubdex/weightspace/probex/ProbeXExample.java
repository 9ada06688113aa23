package org.hubdex.weightspace.probex;

import java.util.Objects;
import java.util.Set;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * One model of a tree as an expert learns from it.
 *
 * @param modelId the hub id, for messages
 * @param matrix the model's ProbeX layer (the tree's layer: one shape for every model of the tree)
 * @param categories the model's class names (an empty set: none of the vocabulary)
 * @param textTarget the L2-normalized embedding of the model's description by the frozen sentence encoder
 */
public record ProbeXExample(String modelId, ProbeXMatrix matrix, Set<String> categories, float[] textTarget) {

    public ProbeXExample {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(matrix, "matrix of " + modelId);
        categories = Set.copyOf(Objects.requireNonNull(categories, "categories of " + modelId));
        textTarget = Objects.requireNonNull(textTarget, "textTarget of " + modelId).clone();
    }

    @Override
    public float[] textTarget() {
        return textTarget.clone();
    }
}

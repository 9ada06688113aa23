package org.hubdex.weightspace.probex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an expert says about one model.
 *
 * @param categoryProbabilities the sigmoid of each category's logit, in the expert's vocabulary order (sorted)
 * @param textEmbedding the model mapped into the sentence encoder's space, unit norm ({@code textDim} values):
 *     compare it to description embeddings by dot product
 * @param representation the expert's representation z ({@code rT} values), for kNN or retrieval inside the tree
 */
public record Prediction(Map<String, Double> categoryProbabilities, float[] textEmbedding, float[] representation) {

    public Prediction {
        categoryProbabilities = Collections.unmodifiableMap(new LinkedHashMap<>(categoryProbabilities));
        textEmbedding = textEmbedding.clone();
        representation = representation.clone();
    }

    @Override
    public float[] textEmbedding() {
        return textEmbedding.clone();
    }

    @Override
    public float[] representation() {
        return representation.clone();
    }
}

package org.hubdex.weightspace.router;

import java.util.List;
import java.util.Objects;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * What the router knows of one model: the {@code base_model} entries of its card and its ProbeX matrix.
 *
 * <p>Trees compete for a model by weights only when their matrices are of the same layer, so the caller
 * names the layer with {@code layerSignature}; {@link #signatureOf(ProbeXMatrix)} builds the usual one
 * (layer name and stored shape). A model without a ProbeX layer has a {@code null} matrix and signature:
 * only its card can route it.
 *
 * @param modelId the model's hub id (for logs)
 * @param cardBaseModels the card's {@code base_model} entries, in card order; empty when undocumented
 * @param layerSignature which layer {@code matrix} is, as the trees' training members were named; null
 *     exactly when {@code matrix} is
 * @param matrix the ProbeX matrix, or null when the model has none
 */
public record RoutingInput(String modelId, List<String> cardBaseModels, String layerSignature, ProbeXMatrix matrix) {

    public RoutingInput {
        Objects.requireNonNull(modelId, "modelId");
        cardBaseModels = List.copyOf(cardBaseModels);
        if ((layerSignature == null) != (matrix == null)) {
            throw new IllegalArgumentException("model " + modelId
                    + ": layerSignature and matrix are given together or not at all");
        }
    }

    /** An input with its signature built by {@link #signatureOf(ProbeXMatrix)}. */
    public static RoutingInput of(String modelId, List<String> cardBaseModels, ProbeXMatrix matrix) {
        return new RoutingInput(modelId, cardBaseModels, signatureOf(matrix), matrix);
    }

    /**
     * The layer name and stored shape, e.g. {@code classifier.0.weight[20,36]}: two models of one
     * architecture agree on it, and matrices of different layers (or shapes) never meet.
     */
    public static String signatureOf(ProbeXMatrix matrix) {
        StringBuilder signature = new StringBuilder(matrix.layerName()).append('[');
        long[] shape = matrix.sourceShape();
        for (int i = 0; i < shape.length; i++) {
            signature.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return signature.append(']').toString();
    }

    /** Whether the model has a ProbeX matrix to be routed by. */
    public boolean hasWeights() {
        return matrix != null;
    }
}

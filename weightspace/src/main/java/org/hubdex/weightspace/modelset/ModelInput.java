package org.hubdex.weightspace.modelset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hubdex.weightspace.backbone.TokenSequence;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * What a model set needs to embed one model revision: its tokens, its ProbeX layer (when it has one) and what
 * its card says about its parent.
 *
 * @param modelId hub id
 * @param cardBaseModels the card's {@code base_model} list (empty when undocumented)
 * @param tokens the weight tokens
 * @param probeX the ProbeX layer, when the tokenizer found one
 * @param routingMatrix the weights the router compares ({@link org.hubdex.weightspace.router.RoutingFeatures})
 * @param head the classification head as rows, when the tokens hold it whole
 */
public record ModelInput(String modelId, List<String> cardBaseModels, TokenSequence tokens, Optional<ProbeXMatrix> probeX,
        Optional<ProbeXMatrix> routingMatrix, Optional<ProbeXMatrix> head) {

    /** An input without a head. */
    public ModelInput(String modelId, List<String> cardBaseModels, TokenSequence tokens, Optional<ProbeXMatrix> probeX,
            Optional<ProbeXMatrix> routingMatrix) {
        this(modelId, cardBaseModels, tokens, probeX, routingMatrix, Optional.empty());
    }

    public ModelInput {
        Objects.requireNonNull(modelId, "modelId");
        cardBaseModels = List.copyOf(cardBaseModels);
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(probeX, "probeX");
        Objects.requireNonNull(routingMatrix, "routingMatrix");
        Objects.requireNonNull(head, "head");
    }
}

package org.hubdex.weightrecords;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hubdex.weightspace.backbone.TokenSequence;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * A {@code hub.weight-tokens} record in the types the backbone and ProbeX read, produced by {@link
 * WeightTokensDecoder}: no Avro and no byte layout left in it.
 *
 * @param modelId the model
 * @param sha the revision tokenized
 * @param tokens the token tensor (float16 records widened exactly to float32)
 * @param probeX the ProbeX matrix, whole, when the record has one
 * @param layers every tokenized layer in model order, including those a sample left without tokens
 * @param tokenizerVersion the tokenizer that produced the tokens; tokens of different versions are not comparable
 */
public record DecodedTokens(String modelId, String sha, TokenSequence tokens, Optional<ProbeXMatrix> probeX,
        List<LayerSummary> layers, String tokenizerVersion) {

    public DecodedTokens {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(probeX, "probeX");
        layers = List.copyOf(layers);
        Objects.requireNonNull(tokenizerVersion, "tokenizerVersion");
    }
}

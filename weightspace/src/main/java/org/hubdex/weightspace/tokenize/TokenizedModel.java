package org.hubdex.weightspace.tokenize;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A model's weights as dense tokens: the tokenizer's output and, through {@link WeightTokensRecords}, the
 * content of one {@code hub.weight-tokens} record.
 *
 * <p>Shapes ({@code n = tokenCount}, {@code s = tokenSize}):
 * <ul>
 *   <li>{@link #tokens()}: float32 {@code [n, s]}, row-major; padding values are 0;</li>
 *   <li>{@link #validValues()}: int {@code [n]}, the real values at the start of each token (the mask is 1 on
 *       {@code [0, validValues[i])} of row {@code i}, 0 after; only a layer's last token is short);</li>
 *   <li>{@link #positions()}: int {@code [n, 3]}: global token index in the full sequence, layer index, token
 *       index within the layer. Unsampled, the first column is {@code 0..n-1}; sampled, it has gaps.</li>
 * </ul>
 *
 * @param config the tokenizer settings used
 * @param tokenCount tokens in this record
 * @param tokens token values
 * @param validValues real values per token
 * @param positions 3-d positions
 * @param layers every tokenized layer in model order, including those a sample left out
 * @param skipped tensors not tokenized, with their reasons
 * @param probeX the ProbeX matrix, when the model has a suitable layer
 * @param probeXMissingReason why {@code probeX} is empty
 * @param parameterTotal elements of every tensor in the checkpoint
 * @param parametersTokenized elements that made it into tokens
 * @param sampleSeed the sample's seed when the model was sampled; empty when tokenized whole
 * @param bytesRead bytes of tensor data read from the sources (headers not included)
 * @param reads reads issued to the sources for tensor data
 */
public record TokenizedModel(TokenizerConfig config, int tokenCount, float[] tokens, int[] validValues, int[] positions,
        List<TokenizedLayer> layers, List<SkippedTensor> skipped, Optional<ProbeXMatrix> probeX,
        Optional<String> probeXMissingReason, long parameterTotal, long parametersTokenized, OptionalLong sampleSeed,
        long bytesRead, int reads) {

    public TokenizedModel {
        Objects.requireNonNull(config, "config");
        if (tokens.length != (long) tokenCount * config.tokenSize() || validValues.length != tokenCount
                || positions.length != 3L * tokenCount) {
            throw new IllegalArgumentException("arrays do not match " + tokenCount + " tokens of " + config.tokenSize()
                    + ": tokens " + tokens.length + ", validValues " + validValues.length + ", positions " + positions.length);
        }
        layers = List.copyOf(layers);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(probeX, "probeX");
        Objects.requireNonNull(probeXMissingReason, "probeXMissingReason");
        Objects.requireNonNull(sampleSeed, "sampleSeed");
    }

    /** Whether only a sample of the model's tokens is here. */
    public boolean sampled() {
        return sampleSeed.isPresent();
    }

    public int tokenSize() {
        return config.tokenSize();
    }

    /** The mask as one byte per value, {@code [n, s]}: 1 for a real weight, 0 for padding. */
    public byte[] maskBytes() {
        int size = config.tokenSize();
        byte[] mask = new byte[tokenCount * size];
        for (int t = 0; t < tokenCount; t++) {
            java.util.Arrays.fill(mask, t * size, t * size + validValues[t], (byte) 1);
        }
        return mask;
    }
}

package org.hubdex.weightspace.tokenize;

import java.util.Objects;
import java.util.Optional;
import org.hubdex.weightspace.safetensors.Dtype;

/**
 * What the tokens say about one layer: where its tokens are in the full sequence, how many of them the
 * record carries, and statistics of its values.
 *
 * @param index layer index in model order (second component of positions)
 * @param name layer name (the weight's name without {@code .weight})
 * @param weightName the weight tensor's name
 * @param biasName the bias tensor's name, when the layer has one
 * @param shape the weight's shape as stored
 * @param sourceDtype the weight's dtype in the checkpoint
 * @param elementCount values of the layer (weight and bias)
 * @param firstToken global index, in the full (unsampled) sequence, of the layer's first token
 * @param tokenCount tokens the layer is cut into in the full sequence
 * @param tokensEmitted tokens of the layer in this record ({@code tokenCount} unless sampled)
 * @param stats statistics of the values read: all of the layer's values unless sampled, else those of its
 *     windows; empty when a sample kept none of the layer's tokens
 */
public record TokenizedLayer(int index, String name, String weightName, Optional<String> biasName, long[] shape,
        Dtype sourceDtype, long elementCount, long firstToken, long tokenCount, int tokensEmitted, Optional<LayerStats> stats) {
    public TokenizedLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weightName, "weightName");
        Objects.requireNonNull(biasName, "biasName");
        shape = shape.clone();
        Objects.requireNonNull(sourceDtype, "sourceDtype");
        Objects.requireNonNull(stats, "stats");
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}

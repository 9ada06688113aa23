package org.hubdex.weightspace.router;

import java.util.Optional;
import org.hubdex.weightspace.backbone.TokenSequence;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * The weights a model is routed by: every layer before its ProbeX layer, flattened into one row, when the tokens
 * hold those layers whole; else the ProbeX matrix itself.
 *
 * <p><b>Why the early layers.</b> Routing asks which base a model was fine-tuned from. Fine-tuning moves the
 * layers near the head most (the head itself is usually replaced) and the layers near the input least, and
 * partial freezing keeps the early layers exactly as the parent left them; the early layers are therefore the
 * ones that still look like the base (MoTHer's observation that fine-tuned weights stay close to their parent's
 * holds best there). The ProbeX layer, in the middle of the network, is what the expert reads for the task; it is
 * a worse witness of the lineage. Sampled token records (large models) do not hold whole layers at fixed
 * positions, so their ProbeX matrix, which the tokenizer always keeps whole, is used instead; the signature
 * keeps the two kinds apart.
 */
public final class RoutingFeatures {

    private RoutingFeatures() {
    }

    /**
     * The routing matrix of a model.
     *
     * @param tokens its tokens
     * @param probeX its ProbeX matrix, if any
     * @param probeXLayerIndex the ProbeX layer's index in model order (the second position component), if known
     */
    public static Optional<ProbeXMatrix> of(TokenSequence tokens, Optional<ProbeXMatrix> probeX, int probeXLayerIndex) {
        if (probeXLayerIndex > 0 && whole(tokens)) {
            int s = tokens.tokenSize();
            int count = 0;
            for (int t = 0; t < tokens.tokenCount(); t++) {
                if (tokens.positions()[3 * t + 1] < probeXLayerIndex) {
                    for (int v = 0; v < s; v++) {
                        count += tokens.mask()[t * s + v];
                    }
                }
            }
            if (count > 0) {
                float[] values = new float[count];
                int next = 0;
                for (int t = 0; t < tokens.tokenCount(); t++) {
                    if (tokens.positions()[3 * t + 1] < probeXLayerIndex) {
                        for (int v = 0; v < s; v++) {
                            if (tokens.mask()[t * s + v] != 0) {
                                values[next++] = tokens.values()[t * s + v];
                            }
                        }
                    }
                }
                return Optional.of(new ProbeXMatrix("layers[0," + probeXLayerIndex + ")", new long[] {1, count}, 1, count,
                        values));
            }
        }
        return probeX;
    }

    /** Whether the tokens are the whole model: global indices 0..n-1 in order (an unsampled record). */
    static boolean whole(TokenSequence tokens) {
        for (int t = 0; t < tokens.tokenCount(); t++) {
            if (tokens.positions()[3 * t] != t) {
                return false;
            }
        }
        return tokens.tokenCount() > 0;
    }
}

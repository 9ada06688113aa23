package org.hubdex.weightrecords;

import java.util.Optional;
import org.hubdex.weightspace.backbone.TokenSequence;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * The classification head of a decoded record: the last layer in model order whose weight is a matrix (two or more
 * dimensions, both sides larger than one), as {@code [classes, features]} rows, when the record holds it whole.
 * Its rows are what {@link org.hubdex.weightspace.probex.HeadRowClassifier} reads: one row per output class, in
 * {@code id2label} order.
 */
public final class HeadMatrices {

    private HeadMatrices() {
    }

    public static Optional<ProbeXMatrix> of(DecodedTokens tokens) {
        LayerSummary head = null;
        for (LayerSummary layer : tokens.layers()) {
            long[] shape = layer.shape();
            if (shape.length >= 2 && shape[0] > 1 && shape[1] > 1 && (head == null || layer.index() > head.index())) {
                head = layer;
            }
        }
        if (head == null) {
            return Optional.empty();
        }
        long n = 1;
        for (long d : head.shape()) {
            n *= d;
        }
        if (n > 1 << 24) {
            return Optional.empty();
        }
        TokenSequence t = tokens.tokens();
        int s = t.tokenSize();
        float[] values = new float[(int) n];
        int next = 0;
        // the layer's tokens hold its weight then its bias, in order; the weight is the first n real values
        for (int k = 0; k < t.tokenCount() && next < n; k++) {
            if (t.positions()[3 * k + 1] != head.index()) {
                continue;
            }
            if (next == 0 && t.positions()[3 * k + 2] != 0) {
                return Optional.empty(); // a sampled record without the layer's first token
            }
            for (int j = 0; j < s && next < n; j++) {
                if (t.mask()[k * s + j] != 0) {
                    values[next++] = t.values()[k * s + j];
                }
            }
        }
        if (next < n) {
            return Optional.empty(); // sampled: the record does not hold the whole head
        }
        int rows = (int) head.shape()[0];
        return Optional.of(new ProbeXMatrix(head.name(), head.shape(), rows, (int) (n / rows), values));
    }
}

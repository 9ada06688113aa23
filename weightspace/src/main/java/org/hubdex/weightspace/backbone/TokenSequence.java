package org.hubdex.weightspace.backbone;

import java.util.Arrays;
import java.util.Objects;
import org.hubdex.weightspace.tokenize.TokenizedModel;

/**
 * A model's weight tokens as the backbone reads them: the tokenizer's output ({@link TokenizedModel}) or a
 * decoded {@code hub.weight-tokens} record, without the record's wire format (weightspace does not know it).
 *
 * @param tokenCount n
 * @param tokenSize s
 * @param values float32 {@code [n, s]}, row-major; padding values are 0
 * @param mask one byte per value {@code [n, s]}: 1 for a real weight, 0 for padding
 * @param positions int {@code [n, 3]}, row-major: global token index, layer index, token index in the layer
 */
public record TokenSequence(int tokenCount, int tokenSize, float[] values, byte[] mask, int[] positions) {

    public TokenSequence {
        if (tokenCount < 0 || tokenSize < 1) {
            throw new IllegalArgumentException("bad token sequence shape: " + tokenCount + " x " + tokenSize);
        }
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(positions, "positions");
        long cells = (long) tokenCount * tokenSize;
        if (values.length != cells || mask.length != cells || positions.length != 3L * tokenCount) {
            throw new IllegalArgumentException("arrays do not match " + tokenCount + " tokens of " + tokenSize
                    + ": values " + values.length + ", mask " + mask.length + ", positions " + positions.length);
        }
    }

    /** The tokens of a tokenizer run. */
    public static TokenSequence of(TokenizedModel model) {
        return new TokenSequence(model.tokenCount(), model.tokenSize(), model.tokens(), model.maskBytes(), model.positions());
    }

    /** Tokens {@code [from, from + count)} (a window), copied. */
    public TokenSequence slice(int from, int count) {
        if (from < 0 || count < 0 || from + count > tokenCount) {
            throw new IndexOutOfBoundsException("window [" + from + ", " + (from + count) + ") of " + tokenCount + " tokens");
        }
        int s = tokenSize;
        return new TokenSequence(count, s, Arrays.copyOfRange(values, from * s, (from + count) * s),
                Arrays.copyOfRange(mask, from * s, (from + count) * s), Arrays.copyOfRange(positions, from * 3, (from + count) * 3));
    }
}

package org.hubdex.weightspace.backbone;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A batch of token windows laid out as the network reads them, in Java arrays: every window padded to the same
 * length {@code T} with whole padding tokens (zero values, zero mask, zero position code, masked out as attention
 * keys). Row-major shapes, {@code n} = windows added:
 *
 * <ul>
 *   <li>{@code input [n, T, s]}: the (augmented) values, shifted and scaled by the {@link InputScale}, 0 on padding;
 *   <li>{@code target [n, T, s]}: the clean raw values (the reconstruction target);
 *   <li>{@code mask [n, T, s]}: 1 on real values, 0 on padding (within a token and whole tokens);
 *   <li>{@code positionCode [n, T, d]}: the summed 3-d sinusoidal code;
 *   <li>{@code keyBias [n, T]}: 0 for real tokens, {@link #MASKED} for padding tokens (added to attention scores);
 *   <li>{@code tokenValid [n, T]}: 1 for real tokens, 0 for padding tokens.
 * </ul>
 *
 * <p>Reused from step to step by the trainer ({@link #clear}); not thread-safe.
 */
final class WindowBatch {

    /** The attention score bias of a padding key: exp of it underflows to exactly 0 after the softmax shift. */
    static final float MASKED = -1e9f;

    private final int capacity;
    private final int length;
    private final int tokenSize;
    private final PositionCode code;
    private final InputScale scale;
    final float[] input;
    final float[] target;
    final float[] mask;
    final float[] positionCode;
    final float[] keyBias;
    final float[] tokenValid;
    private int size;

    WindowBatch(int capacity, int length, int tokenSize, PositionCode code, InputScale scale) {
        if (capacity < 1 || length < 1) {
            throw new IllegalArgumentException("empty batch shape: " + capacity + " windows of " + length + " tokens");
        }
        this.capacity = capacity;
        this.length = length;
        this.tokenSize = tokenSize;
        this.code = code;
        this.scale = scale;
        int cells = capacity * length * tokenSize;
        this.input = new float[cells];
        this.target = new float[cells];
        this.mask = new float[cells];
        this.positionCode = new float[capacity * length * code.width()];
        this.keyBias = new float[capacity * length];
        this.tokenValid = new float[capacity * length];
        Arrays.fill(keyBias, MASKED);
    }

    /** Windows added so far. */
    int size() {
        return size;
    }

    /** The padded window length {@code T}. */
    int length() {
        return length;
    }

    int tokenSize() {
        return tokenSize;
    }

    int modelWidth() {
        return code.width();
    }

    boolean full() {
        return size == capacity;
    }

    /** Empties the batch for reuse. */
    void clear() {
        Arrays.fill(input, 0f);
        Arrays.fill(target, 0f);
        Arrays.fill(mask, 0f);
        Arrays.fill(positionCode, 0f);
        Arrays.fill(keyBias, MASKED);
        Arrays.fill(tokenValid, 0f);
        size = 0;
    }

    /**
     * Adds tokens {@code [from, from + count)} of {@code sequence} as the next window, augmented by
     * {@code augmenter} when it is not null.
     */
    void add(TokenSequence sequence, int from, int count, Augmenter augmenter, SplittableRandom random) {
        if (size == capacity) {
            throw new IllegalStateException("batch full: " + capacity + " windows");
        }
        if (sequence.tokenSize() != tokenSize) {
            throw new IllegalArgumentException("token size " + sequence.tokenSize() + " does not match the backbone's "
                    + tokenSize);
        }
        if (count < 1 || count > length || from < 0 || from + count > sequence.tokenCount()) {
            throw new IllegalArgumentException("window [" + from + ", " + (from + count) + ") of a " + sequence.tokenCount()
                    + "-token sequence does not fit a " + length + "-token batch");
        }
        int s = tokenSize;
        int slot = size++;
        int base = slot * length * s;
        System.arraycopy(sequence.values(), from * s, target, base, count * s);
        System.arraycopy(sequence.values(), from * s, input, base, count * s);
        if (augmenter != null) {
            augmenter.apply(input, base, count, s, random);
        }
        byte[] m = sequence.mask();
        for (int i = 0; i < count * s; i++) {
            boolean real = m[from * s + i] != 0;
            mask[base + i] = real ? 1f : 0f;
            input[base + i] = real ? scale.apply(input[base + i]) : 0f;
        }
        int d = code.width();
        for (int t = 0; t < count; t++) {
            code.addTo(sequence.positions(), from + t, positionCode, (slot * length + t) * d);
            keyBias[slot * length + t] = 0f;
            tokenValid[slot * length + t] = 1f;
        }
    }
}

package org.hubdex.weightspace.tokenize;

/**
 * How token values are stored in a {@code hub.weight-tokens} record: IEEE 754 binary16 (half the message
 * size; values rounded to nearest even) or binary32 (exact for F32, F16 and BF16 checkpoints).
 */
public enum TokenPrecision {
    FLOAT16(2),
    FLOAT32(4);

    private final int bytesPerValue;

    TokenPrecision(int bytesPerValue) {
        this.bytesPerValue = bytesPerValue;
    }

    public int bytesPerValue() {
        return bytesPerValue;
    }
}

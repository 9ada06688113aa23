package org.hubdex.weightspace.backbone;

/**
 * The parameter-free 3-d sinusoidal position code of the hub backbone: for each of a token's three position
 * components (global index, layer index, index in the layer) the standard transformer code over the full model
 * width, {@code pe[2i] = sin(p / 10000^(2i/d))}, {@code pe[2i+1] = cos(p / 10000^(2i/d))}, and the three codes
 * summed. Unlike SANE's learned position tables it has no size limit (a sampled large model keeps global indices
 * in the millions) and nothing to train.
 *
 * <p>Computed in Java, in double precision and rounded once, so the code is identical on every device and in
 * every batch. Positions below {@link #CACHED} are served from a table filled once per width.
 *
 * <p>Immutable and thread-safe.
 */
final class PositionCode {

    /** Positions below this are tabulated (covers every layer index and in-layer index of ordinary models). */
    static final int CACHED = 4096;
    private static final double BASE = 10000.0;

    private final int width;
    private final double[] frequencies;
    private final float[] table;

    PositionCode(int width) {
        if (width < 2 || width % 2 != 0) {
            throw new IllegalArgumentException("the sin/cos code needs an even width, got " + width);
        }
        this.width = width;
        this.frequencies = new double[width / 2];
        for (int i = 0; i < width / 2; i++) {
            frequencies[i] = 1.0 / Math.pow(BASE, (2.0 * i) / width);
        }
        this.table = new float[CACHED * width];
        for (int p = 0; p < CACHED; p++) {
            compute(p, table, p * width);
        }
    }

    int width() {
        return width;
    }

    /**
     * Adds to {@code out[offset, offset + width)} the summed code of the three components of token {@code token}
     * in {@code positions} ({@code [n, 3]} row-major).
     */
    void addTo(int[] positions, int token, float[] out, int offset) {
        for (int c = 0; c < 3; c++) {
            int p = positions[token * 3 + c];
            if (p >= 0 && p < CACHED) {
                int from = p * width;
                for (int j = 0; j < width; j++) {
                    out[offset + j] += table[from + j];
                }
            } else {
                for (int i = 0; i < frequencies.length; i++) {
                    double angle = p * frequencies[i];
                    out[offset + 2 * i] += (float) Math.sin(angle);
                    out[offset + 2 * i + 1] += (float) Math.cos(angle);
                }
            }
        }
    }

    /** The code of one scalar position, for tests. */
    float[] of(int position) {
        float[] out = new float[width];
        compute(position, out, 0);
        return out;
    }

    private void compute(int position, float[] out, int offset) {
        for (int i = 0; i < frequencies.length; i++) {
            double angle = position * frequencies[i];
            out[offset + 2 * i] = (float) Math.sin(angle);
            out[offset + 2 * i + 1] = (float) Math.cos(angle);
        }
    }
}

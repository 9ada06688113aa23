package org.hubdex.weightspace.probex;

import java.util.Arrays;
import java.util.List;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * A fitted {@link InputScaling}: {@code x'[i] = (x[i] - center[i]) / scale[i]} for every element {@code i} of the
 * row-major matrix. Every mode is stored in this one element-wise form so that one code path applies all of them
 * and a saved expert reproduces its inputs bit for bit (the arrays are stored as float32, the arithmetic is float).
 *
 * <p>Immutable and thread-safe.
 */
final class InputScaler {

    /** Per-element deviations are floored at this fraction of their mean, see {@link InputScaling#PER_ELEMENT}. */
    private static final double PER_ELEMENT_FLOOR = 0.01;

    private final InputScaling mode;
    private final float[] center;
    private final float[] scale;

    InputScaler(InputScaling mode, float[] center, float[] scale) {
        if (center.length != scale.length) {
            throw new IllegalArgumentException("center has " + center.length + " values but scale " + scale.length);
        }
        for (float s : scale) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("scales must be positive and finite, got " + s);
            }
        }
        this.mode = mode;
        this.center = center.clone();
        this.scale = scale.clone();
    }

    /** Fits {@code mode} on the training matrices (all of one shape). */
    static InputScaler fit(InputScaling mode, List<ProbeXMatrix> matrices) {
        int n = matrices.get(0).values().length;
        double count = matrices.size();
        double[] mean = new double[n];
        for (ProbeXMatrix m : matrices) {
            float[] v = m.values();
            for (int i = 0; i < n; i++) {
                mean[i] += v[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= count;
        }
        float[] center = new float[n];
        float[] scale = new float[n];
        switch (mode) {
            case NONE -> Arrays.fill(scale, 1f);
            case GLOBAL -> {
                double grand = Arrays.stream(mean).sum() / n;
                double squares = 0;
                for (ProbeXMatrix m : matrices) {
                    for (float x : m.values()) {
                        squares += (x - grand) * (x - grand);
                    }
                }
                Arrays.fill(center, (float) grand);
                Arrays.fill(scale, positive(Math.sqrt(squares / (count * n))));
            }
            case TREE_CENTERED -> {
                double squares = 0;
                for (ProbeXMatrix m : matrices) {
                    float[] v = m.values();
                    for (int i = 0; i < n; i++) {
                        squares += (v[i] - mean[i]) * (v[i] - mean[i]);
                    }
                }
                for (int i = 0; i < n; i++) {
                    center[i] = (float) mean[i];
                }
                Arrays.fill(scale, positive(Math.sqrt(squares / (count * n))));
            }
            case PER_ELEMENT -> {
                double[] squares = new double[n];
                for (ProbeXMatrix m : matrices) {
                    float[] v = m.values();
                    for (int i = 0; i < n; i++) {
                        squares[i] += (v[i] - mean[i]) * (v[i] - mean[i]);
                    }
                }
                double[] std = new double[n];
                double meanStd = 0;
                for (int i = 0; i < n; i++) {
                    std[i] = Math.sqrt(squares[i] / count);
                    meanStd += std[i] / n;
                }
                for (int i = 0; i < n; i++) {
                    center[i] = (float) mean[i];
                    scale[i] = positive(Math.max(std[i], PER_ELEMENT_FLOOR * meanStd));
                }
            }
            default -> throw new IllegalStateException("unknown scaling " + mode);
        }
        return new InputScaler(mode, center, scale);
    }

    /** A deviation that is usable as a divisor: identical training matrices give 0, which becomes 1. */
    private static float positive(double std) {
        float s = (float) std;
        return s > 0 && Float.isFinite(s) ? s : 1f;
    }

    /** Writes the scaled {@code values} into {@code out} from {@code offset}. */
    void apply(float[] values, float[] out, int offset) {
        for (int i = 0; i < values.length; i++) {
            out[offset + i] = (values[i] - center[i]) / scale[i];
        }
    }

    InputScaling mode() {
        return mode;
    }

    float[] center() {
        return center.clone();
    }

    float[] scale() {
        return scale.clone();
    }
}

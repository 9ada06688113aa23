package org.hubdex.weightspace.probex;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * A synthetic model tree whose categories can be read from the weights only: every model is the tree's random
 * base matrix B plus, for each of its categories c, a fixed random rank-1 pattern {@code a_c b_c^T} (with a
 * per-model amplitude jitter), plus i.i.d. noise. Each category is present with probability one half. A model's
 * description embedding is the normalized sum of its categories' fixed text vectors plus per-model "wording"
 * noise, so that two models with the same categories have close but different descriptions.
 *
 * <p>Amplitudes are relative to the base's element deviation {@code 1/sqrt(cols)} (a typical initialization).
 * Deterministic: the same arguments give the same tree and, in call order, the same models.
 */
final class SyntheticTree {

    private final int rows;
    private final int cols;
    private final int textDim;
    private final double signal;
    private final double noise;
    private final float[] base;
    private final float[][] left;
    private final float[][] right;
    private final float[][] texts;
    private final Random random;
    private int made;

    SyntheticTree(long seed, int rows, int cols, int categories, int textDim, double signal, double noise) {
        this.rows = rows;
        this.cols = cols;
        this.textDim = textDim;
        this.signal = signal;
        this.noise = noise;
        Random r = new Random(seed);
        double std = 1 / Math.sqrt(cols);
        base = gaussian(r, rows * cols, std);
        left = new float[categories][];
        right = new float[categories][];
        texts = new float[categories][];
        for (int c = 0; c < categories; c++) {
            left[c] = gaussian(r, rows, 1);
            right[c] = gaussian(r, cols, 1);
            texts[c] = unit(gaussian(r, textDim, 1));
        }
        random = new Random(seed ^ 0x5DEECE66DL);
    }

    static String category(int c) {
        return String.format("class-%02d", c);
    }

    /** The next {@code count} models, ids {@code prefix-<n>}. */
    List<ProbeXExample> models(String prefix, int count) {
        List<ProbeXExample> out = new ArrayList<>();
        double std = 1 / Math.sqrt(cols);
        for (int i = 0; i < count; i++) {
            Set<String> categories = new LinkedHashSet<>();
            float[] values = base.clone();
            double[] text = new double[textDim];
            for (int c = 0; c < left.length; c++) {
                if (random.nextBoolean()) {
                    categories.add(category(c));
                    double amplitude = signal * std * (1 + 0.3 * random.nextGaussian());
                    for (int row = 0; row < rows; row++) {
                        for (int col = 0; col < cols; col++) {
                            values[row * cols + col] += (float) (amplitude * left[c][row] * right[c][col]);
                        }
                    }
                    for (int d = 0; d < textDim; d++) {
                        text[d] += texts[c][d];
                    }
                }
            }
            for (int k = 0; k < values.length; k++) {
                values[k] += (float) (noise * std * random.nextGaussian());
            }
            // wording noise of about half the norm of the categories' part (sqrt(k) for k near-orthogonal vectors)
            double wording = 0.5 * Math.sqrt(Math.max(1, categories.size())) / Math.sqrt(textDim);
            float[] t = new float[textDim];
            for (int d = 0; d < textDim; d++) {
                t[d] = (float) (text[d] + wording * random.nextGaussian());
            }
            String id = prefix + "-" + (made++);
            out.add(new ProbeXExample(id, new ProbeXMatrix("classifier.0.weight", new long[] {rows, cols}, rows, cols,
                    values), categories, unit(t)));
        }
        return out;
    }

    private static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        double norm = Math.sqrt(s);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}

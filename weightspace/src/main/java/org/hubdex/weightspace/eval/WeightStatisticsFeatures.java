package org.hubdex.weightspace.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.hubdex.weightspace.tokenize.LayerStats;
import org.hubdex.weightspace.tokenize.TokenizedLayer;
import org.hubdex.weightspace.tokenize.TokenizedModel;

/**
 * The s(W) feature vector of a model: for each layer in model order its mean, standard deviation and 1st, 25th,
 * 50th, 75th and 99th percentiles ({@link #STATISTICS}), from the {@link LayerStats} the tokenizer computed. The
 * literature finds this a strong baseline (it rivals learned embeddings at predicting accuracy), so it is
 * reported beside every backbone result.
 *
 * <p>Models of one architecture give vectors of one length whose positions mean the same thing; models of
 * different architectures do not, so the caller groups models by {@link #layerSignature()} (the layers' names
 * and shapes in model order) before stacking them with {@link #matrix(List)}. A layer that a sampled record
 * left without statistics gives {@code NaN} for its seven values ({@link #missingLayers()} counts them).
 *
 * @param layerSignature the layers' names and stored shapes in model order, e.g. {@code conv1[8,1,5,5];fc[10,20]}
 * @param values seven values per layer, layer by layer
 * @param missingLayers layers without statistics (their values are NaN)
 */
public record WeightStatisticsFeatures(String layerSignature, double[] values, int missingLayers) {

    /** The per-layer statistics, in the order they appear in {@link #values()}. */
    public static final List<String> STATISTICS = List.of("mean", "std", "q01", "q25", "q50", "q75", "q99");

    public WeightStatisticsFeatures {
        Objects.requireNonNull(layerSignature, "layerSignature");
        values = values.clone();
    }

    /** The features of a tokenized model. */
    public static WeightStatisticsFeatures of(TokenizedModel model) {
        return of(model.layers());
    }

    /** The features of tokenized layers (ordered by their index, i.e. model order). */
    public static WeightStatisticsFeatures of(List<TokenizedLayer> layers) {
        List<TokenizedLayer> ordered = new ArrayList<>(layers);
        ordered.sort(Comparator.comparingInt(TokenizedLayer::index));
        double[] values = new double[ordered.size() * STATISTICS.size()];
        StringBuilder signature = new StringBuilder();
        int missing = 0;
        for (int l = 0; l < ordered.size(); l++) {
            TokenizedLayer layer = ordered.get(l);
            signature.append(l == 0 ? "" : ";").append(layer.name()).append('[');
            long[] shape = layer.shape();
            for (int i = 0; i < shape.length; i++) {
                signature.append(i == 0 ? "" : ",").append(shape[i]);
            }
            signature.append(']');
            int at = l * STATISTICS.size();
            if (layer.stats().isEmpty()) {
                Arrays.fill(values, at, at + STATISTICS.size(), Double.NaN);
                missing++;
                continue;
            }
            LayerStats s = layer.stats().get();
            double[] stats = {s.mean(), s.std(), s.q01(), s.q25(), s.q50(), s.q75(), s.q99()};
            System.arraycopy(stats, 0, values, at, stats.length);
        }
        return new WeightStatisticsFeatures(signature.toString(), values, missing);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The name of feature {@code i}: {@code <layer index>.<statistic>}, e.g. {@code 3.q99}. */
    public static String featureName(int i) {
        return i / STATISTICS.size() + "." + STATISTICS.get(i % STATISTICS.size());
    }

    /**
     * The rows of models of one architecture, ready for {@link RidgeRegression} or {@link LogisticRegression}: a
     * missing layer's values are replaced by the mean of that feature over the models that have it (0 when
     * none has).
     *
     * @throws IllegalArgumentException when the models do not share one layer signature
     */
    public static double[][] matrix(List<WeightStatisticsFeatures> models) {
        if (models.isEmpty()) {
            return new double[0][];
        }
        String signature = models.get(0).layerSignature();
        for (WeightStatisticsFeatures model : models) {
            if (!model.layerSignature().equals(signature)) {
                throw new IllegalArgumentException("s(W) rows of different architectures: group models by layerSignature"
                        + " first (" + abbreviate(signature) + " vs " + abbreviate(model.layerSignature()) + ")");
            }
        }
        double[][] rows = new double[models.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = models.get(i).values;
        }
        int d = rows[0].length;
        double[][] out = new double[rows.length][d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            int present = 0;
            for (double[] row : rows) {
                if (!Double.isNaN(row[j])) {
                    sum += row[j];
                    present++;
                }
            }
            double fill = present == 0 ? 0 : sum / present;
            for (int i = 0; i < rows.length; i++) {
                out[i][j] = Double.isNaN(rows[i][j]) ? fill : rows[i][j];
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightStatisticsFeatures other && layerSignature.equals(other.layerSignature)
                && Arrays.equals(values, other.values) && missingLayers == other.missingLayers;
    }

    @Override
    public int hashCode() {
        return Objects.hash(layerSignature, Arrays.hashCode(values), missingLayers);
    }

    @Override
    public String toString() {
        return "WeightStatisticsFeatures[" + values.length / STATISTICS.size() + " layers, " + missingLayers + " missing]";
    }
}

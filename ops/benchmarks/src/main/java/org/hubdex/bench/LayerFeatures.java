package org.hubdex.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hubdex.weightrecords.LayerSummary;
import org.hubdex.weightspace.eval.WeightStatisticsFeatures;
import org.hubdex.weightspace.tokenize.LayerStats;

/**
 * The s(W) baseline's features from a decoded {@code hub.weight-tokens} record: the same seven statistics per layer
 * in model order as {@link WeightStatisticsFeatures#of(List)} takes from tokenizer output, here from the record's
 * {@link LayerSummary} list (what the corpus keeps), and rows aligned across models of one lineage.
 *
 * <p>Alignment is by position, not by signature: fine-tunes of one base differ only in their head's shape (2 to 6
 * classes instead of 10), so their vectors have the same length and each position means the same layer and
 * statistic, while {@link WeightStatisticsFeatures#matrix} would refuse them for their different signatures. Stateless.
 */
final class LayerFeatures {

    private LayerFeatures() {
    }

    /** The seven statistics of each layer, in layer order; a layer without statistics gives NaN. */
    static WeightStatisticsFeatures of(List<LayerSummary> layers) {
        List<LayerSummary> ordered = layers.stream().sorted(Comparator.comparingInt(LayerSummary::index)).toList();
        int k = WeightStatisticsFeatures.STATISTICS.size();
        double[] values = new double[ordered.size() * k];
        StringBuilder signature = new StringBuilder();
        int missing = 0;
        for (int l = 0; l < ordered.size(); l++) {
            LayerSummary layer = ordered.get(l);
            signature.append(l == 0 ? "" : ";").append(layer.name()).append(Arrays.toString(layer.shape()).replace(" ", ""));
            if (layer.stats().isEmpty()) {
                Arrays.fill(values, l * k, (l + 1) * k, Double.NaN);
                missing++;
                continue;
            }
            LayerStats s = layer.stats().get();
            double[] stats = {s.mean(), s.std(), s.q01(), s.q25(), s.q50(), s.q75(), s.q99()};
            System.arraycopy(stats, 0, values, l * k, k);
        }
        return new WeightStatisticsFeatures(signature.toString(), values, missing);
    }

    /**
     * Rows of one width, fitted on training rows: as wide as the widest training row; a shorter row is padded and a
     * longer one cut; a missing value (padding, or a layer without statistics) becomes that column's training mean.
     */
    static final class Aligner {
        private final double[] means;

        Aligner(List<double[]> trainingRows) {
            int width = trainingRows.stream().mapToInt(r -> r.length).max().orElse(0);
            means = new double[width];
            int[] counts = new int[width];
            for (double[] row : trainingRows) {
                for (int j = 0; j < Math.min(width, row.length); j++) {
                    if (Double.isFinite(row[j])) {
                        means[j] += row[j];
                        counts[j]++;
                    }
                }
            }
            for (int j = 0; j < width; j++) {
                means[j] = counts[j] == 0 ? 0 : means[j] / counts[j];
            }
        }

        double[] align(double[] row) {
            double[] out = new double[means.length];
            for (int j = 0; j < out.length; j++) {
                out[j] = j < row.length && Double.isFinite(row[j]) ? row[j] : means[j];
            }
            return out;
        }

        double[][] align(List<double[]> rows) {
            double[][] out = new double[rows.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = align(rows.get(i));
            }
            return out;
        }
    }
}

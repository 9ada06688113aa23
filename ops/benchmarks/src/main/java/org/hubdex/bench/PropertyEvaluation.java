package org.hubdex.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.hubdex.trainer.training.TrainingExample;
import org.hubdex.weightspace.eval.RSquared;
import org.hubdex.weightspace.eval.RidgeRegression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backbone property prediction, the weight-space literature's probe: ridge regression from a model's features to
 * its test accuracy, training epochs and generalization gap (manifest truth), the penalty chosen on validation
 * models, R² on test models. Models are split by model into 60/20/20 within each architecture family (seeded),
 * and each family gets its own ridge, as the literature fits one per zoo; the R² of the families' test
 * predictions taken together is the headline. Features:
 * <ul>
 *   <li>the backbone embedding ({@code ModelSet.embed}; the backbone trained self-supervised on weights only, so a
 *       test model's weights may have been seen, never its properties); also one ridge over all families at once,
 *       which only an architecture-free embedding allows;</li>
 *   <li>s(W): seven statistics per layer ({@link LayerFeatures});</li>
 *   <li>raw weights: the token values flattened (zero-padded to the family's longest), for families of at most
 *       {@link #RAW_LIMIT} values.</li>
 * </ul>
 * Both baselines' values go through {@link #signedLog}: the zoo holds diverged fine-tunes with weights up to 1e9,
 * from which a linear model on the plain values extrapolates wildly (test R² of -1e4 and worse on the standard zoo),
 * while for ordinary weights (well under 1 in magnitude) the transform is nearly the identity. Then, for every
 * feature set alike, each feature is clamped to its range over the training models ({@link #clampToTraining}): a
 * diverged test model's statistics otherwise lie hundreds of training deviations out, and one such model decides
 * a family's R².
 */
final class PropertyEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(PropertyEvaluation.class);

    /** Most values per model for the raw-weights baseline (memory: rows x values doubles, twice). */
    static final int RAW_LIMIT = 250_000;
    private static final int MIN_FAMILY = 10;

    /** What is predicted. */
    enum Target {
        TEST_ACCURACY("test accuracy", ZooTruth.Model::testAccuracy),
        EPOCHS("epochs", ZooTruth.Model::epochs),
        GENERALIZATION_GAP("generalization gap", ZooTruth.Model::generalizationGap);

        final String label;
        final Function<ZooTruth.Model, Double> value;

        Target(String label, Function<ZooTruth.Model, Double> value) {
            this.label = label;
            this.value = value;
        }
    }

    /** Where a model goes. */
    enum Third { TRAIN, VALIDATION, TEST }

    /** Feature sets, in report order. */
    static final List<String> FEATURES = List.of("backbone", "s(W)", "raw weights");

    /**
     * One ridge per target on one family and feature set.
     *
     * @param family architecture family, or a pooled label
     * @param features one of {@link #FEATURES}
     * @param train models fitted on
     * @param test models scored
     * @param dimension features per model
     * @param r2 test R² per target
     */
    record Row(String family, String features, int train, int test, int dimension, Map<Target, Double> r2) {
    }

    /**
     * @param rows per family and feature set, then the pooled rows
     * @param pooled the R² of all families' test predictions together, by feature set then target (per-family ridges)
     * @param seconds time of all fits
     */
    record Result(List<Row> rows, Map<String, Map<Target, Double>> pooled, double seconds) {
    }

    private final QualityInputs in;
    private final long seed;

    PropertyEvaluation(QualityInputs in, long seed) {
        this.in = in;
        this.seed = seed;
    }

    Result run() {
        long t0 = System.nanoTime();
        Map<String, List<TrainingExample>> families = new TreeMap<>();
        for (TrainingExample e : in.examples()) {
            ZooTruth.Model truth = in.truthOf(e.modelId());
            boolean finite = true;
            for (Target t : Target.values()) {
                finite &= Double.isFinite(t.value.apply(truth));
            }
            if (finite && in.embeddings().containsKey(e.modelId())) {
                families.computeIfAbsent(truth.family(), f -> new ArrayList<>()).add(e);
            }
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Map<Target, List<double[]>>> pooledPairs = new LinkedHashMap<>();
        Map<String, Third> thirds = new LinkedHashMap<>();
        for (Map.Entry<String, List<TrainingExample>> family : families.entrySet()) {
            List<TrainingExample> models = family.getValue();
            if (models.size() < MIN_FAMILY) {
                LOG.info("properties: family {} has {} models, too few to split", family.getKey(), models.size());
                continue;
            }
            Map<String, Third> split = split(models.stream().map(TrainingExample::modelId).toList(), seed);
            thirds.putAll(split);
            for (String features : FEATURES) {
                double[][] x = features(features, models, split);
                if (x == null) {
                    continue;
                }
                rows.add(fit(family.getKey(), features, models, x, split, pooledPairs));
            }
        }
        List<TrainingExample> all = families.values().stream().flatMap(List::stream)
                .filter(e -> thirds.containsKey(e.modelId())).toList();
        if (!all.isEmpty()) {
            rows.add(fit("all families, one ridge", "backbone", all, backbone(all), thirds, new LinkedHashMap<>()));
        }
        Map<String, Map<Target, Double>> pooled = new LinkedHashMap<>();
        pooledPairs.forEach((features, byTarget) -> {
            Map<Target, Double> r2 = new EnumMap<>(Target.class);
            byTarget.forEach((target, pairs) -> r2.put(target, RSquared.of(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                    pairs.stream().mapToDouble(p -> p[1]).toArray())));
            pooled.put(features, r2);
        });
        return new Result(rows, pooled, (System.nanoTime() - t0) / 1e9);
    }

    private Row fit(String family, String features, List<TrainingExample> models, double[][] unclamped,
            Map<String, Third> split, Map<String, Map<Target, List<double[]>>> pooledPairs) {
        List<double[]> trainRows = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            if (split.get(models.get(i).modelId()) == Third.TRAIN) {
                trainRows.add(unclamped[i]);
            }
        }
        double[][] x = clampToTraining(unclamped, trainRows);
        Map<Target, Double> r2 = new EnumMap<>(Target.class);
        int trainCount = 0;
        int testCount = 0;
        for (Target target : Target.values()) {
            List<double[]> trainX = new ArrayList<>();
            List<double[]> valX = new ArrayList<>();
            List<double[]> testX = new ArrayList<>();
            List<Double> trainY = new ArrayList<>();
            List<Double> valY = new ArrayList<>();
            List<Double> testY = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                double y = target.value.apply(in.truthOf(models.get(i).modelId()));
                switch (split.get(models.get(i).modelId())) {
                    case TRAIN -> { trainX.add(x[i]); trainY.add(y); }
                    case VALIDATION -> { valX.add(x[i]); valY.add(y); }
                    case TEST -> { testX.add(x[i]); testY.add(y); }
                    default -> throw new IllegalStateException();
                }
            }
            trainCount = trainX.size();
            testCount = testX.size();
            RidgeRegression.Selection selection = RidgeRegression.fitSelectingPenalty(trainX.toArray(double[][]::new),
                    unbox(trainY), valX.toArray(double[][]::new), unbox(valY));
            double[] predicted = selection.model().predict(testX.toArray(double[][]::new));
            double[] actual = unbox(testY);
            r2.put(target, RSquared.of(actual, predicted));
            List<double[]> pairs = pooledPairs.computeIfAbsent(features, f -> new EnumMap<>(Target.class))
                    .computeIfAbsent(target, t -> new ArrayList<>());
            for (int i = 0; i < actual.length; i++) {
                pairs.add(new double[] {actual[i], predicted[i]});
            }
        }
        LOG.info("properties: {} / {}: R2 {}", family, features, r2);
        return new Row(family, features, trainCount, testCount, x[0].length, r2);
    }

    /** The feature rows of {@code models} in order, or null when the feature set does not apply to the family. */
    private double[][] features(String features, List<TrainingExample> models, Map<String, Third> split) {
        switch (features) {
            case "backbone":
                return backbone(models);
            case "s(W)": {
                List<double[]> raw = models.stream().map(e -> signedLog(LayerFeatures.of(e.tokens().layers()).values()))
                        .toList();
                List<double[]> train = new ArrayList<>();
                for (int i = 0; i < models.size(); i++) {
                    if (split.get(models.get(i).modelId()) == Third.TRAIN) {
                        train.add(raw.get(i));
                    }
                }
                return new LayerFeatures.Aligner(train).align(raw);
            }
            case "raw weights": {
                int width = models.stream().mapToInt(e -> e.tokens().tokens().values().length).max().orElse(0);
                if (width > RAW_LIMIT) {
                    LOG.info("properties: raw weights skipped for {} values per model (limit {})", width, RAW_LIMIT);
                    return null;
                }
                double[][] x = new double[models.size()][width];
                for (int i = 0; i < x.length; i++) {
                    float[] v = models.get(i).tokens().tokens().values();
                    for (int j = 0; j < v.length; j++) {
                        x[i][j] = signedLog(v[j]);
                    }
                }
                return x;
            }
            default:
                throw new IllegalArgumentException(features);
        }
    }

    private double[][] backbone(List<TrainingExample> models) {
        double[][] x = new double[models.size()][];
        for (int i = 0; i < x.length; i++) {
            float[] v = in.embeddings().get(models.get(i).modelId()).backbone();
            x[i] = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                x[i][j] = v[j];
            }
        }
        return x;
    }

    /** {@code rows} with each column clamped to its [min, max] over {@code trainRows} (copies). */
    static double[][] clampToTraining(double[][] rows, List<double[]> trainRows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        double[] min = new double[d];
        double[] max = new double[d];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] row : trainRows) {
            for (int j = 0; j < d; j++) {
                min[j] = Math.min(min[j], row[j]);
                max[j] = Math.max(max[j], row[j]);
            }
        }
        double[][] out = new double[rows.length][d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = trainRows.isEmpty() ? rows[i][j] : Math.max(min[j], Math.min(max[j], rows[i][j]));
            }
        }
        return out;
    }

    /** {@code sign(x) log(1 + |x|)}: the identity near 0, logarithmic for outliers; NaN stays NaN. */
    static double signedLog(double x) {
        return Math.signum(x) * Math.log1p(Math.abs(x));
    }

    private static double[] signedLog(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = signedLog(values[i]);
        }
        return out;
    }

    /** 60/20/20 by model: ids sorted, shuffled by {@code seed}, cut in that order. */
    static Map<String, Third> split(List<String> ids, long seed) {
        List<String> order = new ArrayList<>(ids);
        Collections.sort(order);
        Collections.shuffle(order, new Random(seed));
        int n = order.size();
        int train = (int) Math.round(n * 0.6);
        int validation = (int) Math.round(n * 0.2);
        Map<String, Third> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(order.get(i), i < train ? Third.TRAIN : i < train + validation ? Third.VALIDATION : Third.TEST);
        }
        return out;
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

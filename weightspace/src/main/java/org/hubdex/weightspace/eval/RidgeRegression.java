package org.hubdex.weightspace.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ridge regression in closed form, the probe of the weight-space literature for property prediction
 * (embeddings or s(W) features to test accuracy, epoch, generalization gap; R² on held-out models).
 *
 * <p>Features are standardized on the training rows; the intercept is the training targets' mean and is not
 * penalized. The weights minimize {@code ||y - ȳ - Z w||² + λ ||w||²} (a sum over rows, as scikit-learn's
 * {@code Ridge}): {@code w = (ZᵀZ + λI)⁻¹ Zᵀ(y - ȳ)}, or, with more features than rows, the identical dual form
 * {@code w = Zᵀ(ZZᵀ + λI)⁻¹(y - ȳ)}, which solves an n x n system instead of a d x d one. Both by Cholesky
 * decomposition in double precision. Immutable and thread-safe once fitted.
 */
public final class RidgeRegression {

    private static final Logger LOG = LoggerFactory.getLogger(RidgeRegression.class);

    /** The penalty grid of the reference protocol, largest first: 1e3, 1e2, ..., 1e-5. */
    public static final List<Double> DEFAULT_PENALTIES = List.of(1e3, 1e2, 1e1, 1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5);

    /** Which system a fit solves; AUTO takes the smaller. */
    enum Form { AUTO, PRIMAL, DUAL }

    private final Standardizer standardizer;
    private final double[] weights;
    private final double intercept;
    private final double penalty;

    private RidgeRegression(Standardizer standardizer, double[] weights, double intercept, double penalty) {
        this.standardizer = standardizer;
        this.weights = weights;
        this.intercept = intercept;
        this.penalty = penalty;
    }

    /**
     * Fits on {@code x} (n rows of d features) and {@code y}.
     *
     * @param penalty λ &gt; 0
     * @throws SingularSystemException when the system is not numerically solvable
     */
    public static RidgeRegression fit(double[][] x, double[] y, double penalty) {
        return new Problem(x, y, Form.AUTO).solve(penalty);
    }

    static RidgeRegression fit(double[][] x, double[] y, double penalty, Form form) {
        return new Problem(x, y, form).solve(penalty);
    }

    /** {@link #fitSelectingPenalty(double[][], double[], double[][], double[], List)} over {@link #DEFAULT_PENALTIES}. */
    public static Selection fitSelectingPenalty(double[][] trainX, double[] trainY, double[][] valX, double[] valY) {
        return fitSelectingPenalty(trainX, trainY, valX, valY, DEFAULT_PENALTIES);
    }

    /**
     * Fits on the training rows once per penalty and keeps the one with the best R² on the validation rows
     * (on a tie the earlier in {@code penalties}; with the default grid, the stronger penalty). The model
     * returned is the one fitted on the training rows alone. A penalty whose system cannot be solved is skipped.
     *
     * @throws SingularSystemException when no penalty could be solved
     */
    public static Selection fitSelectingPenalty(double[][] trainX, double[] trainY, double[][] valX, double[] valY,
            List<Double> penalties) {
        if (penalties.isEmpty()) {
            throw new IllegalArgumentException("no penalty to choose from");
        }
        Problem problem = new Problem(trainX, trainY, Form.AUTO);
        Map<Double, Double> scores = new LinkedHashMap<>();
        RidgeRegression best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double penalty : penalties) {
            RidgeRegression model;
            try {
                model = problem.solve(penalty);
            } catch (SingularSystemException e) {
                LOG.warn("ridge: penalty {} skipped: {}", penalty, e.getMessage());
                continue;
            }
            double score = RSquared.of(valY, model.predict(valX));
            scores.put(penalty, score);
            if (best == null || score > bestScore) {
                best = model;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new SingularSystemException("no penalty of " + penalties + " gave a solvable system");
        }
        return new Selection(best, best.penalty, bestScore, Collections.unmodifiableMap(scores));
    }

    /**
     * A penalty chosen on validation data.
     *
     * @param model fitted on the training rows with {@code penalty}
     * @param penalty the chosen λ
     * @param validationR2 its R² on the validation rows
     * @param validationR2ByPenalty every penalty tried (in the order given) and its validation R²
     */
    public record Selection(RidgeRegression model, double penalty, double validationR2, Map<Double, Double> validationR2ByPenalty) {
    }

    public double predict(double[] row) {
        return intercept + Matrices.dot(standardizer.transform(row), weights);
    }

    public double[] predict(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = predict(x[i]);
        }
        return out;
    }

    public double penalty() {
        return penalty;
    }

    /** The weights in the original feature units: {@code predict(x) = intercept() + coefficients() · x}. */
    public double[] coefficients() {
        double[] c = new double[weights.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = weights[j] / standardizer.scale(j);
        }
        return c;
    }

    /** The intercept in the original feature units. */
    public double intercept() {
        double b = intercept;
        for (int j = 0; j < weights.length; j++) {
            b -= weights[j] * standardizer.mean(j) / standardizer.scale(j);
        }
        return b;
    }

    /** The standardized training problem, with its Gram matrix built once for any number of penalties. */
    private static final class Problem {
        private final Standardizer standardizer;
        private final double[][] z;
        private final double mean;
        private final double[] centred;
        private final boolean dual;
        private final double[][] gram;
        private final double[] rhs;

        Problem(double[][] x, double[] y, Form form) {
            int n = Matrices.rows(x);
            int d = Matrices.columns(x);
            if (y.length != n) {
                throw new IllegalArgumentException(n + " rows but " + y.length + " targets");
            }
            standardizer = Standardizer.fit(x);
            z = standardizer.transform(x);
            double sum = 0;
            for (double v : y) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("a non-finite target: " + v);
                }
                sum += v;
            }
            mean = sum / n;
            centred = new double[n];
            for (int i = 0; i < n; i++) {
                centred[i] = y[i] - mean;
            }
            dual = form == Form.DUAL || (form == Form.AUTO && d > n);
            if (dual) {
                gram = Matrices.gramOfRows(z);
                rhs = centred;
            } else {
                gram = Matrices.gramOfColumns(z);
                rhs = new double[d];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        rhs[j] += z[i][j] * centred[i];
                    }
                }
            }
        }

        RidgeRegression solve(double penalty) {
            if (!(penalty > 0) || Double.isInfinite(penalty)) {
                throw new IllegalArgumentException("the penalty must be positive and finite: " + penalty);
            }
            double[] solution = Matrices.solveShifted(gram, penalty, rhs);
            double[] weights;
            if (dual) {
                weights = new double[standardizer.dimension()];
                for (int i = 0; i < z.length; i++) {
                    for (int j = 0; j < weights.length; j++) {
                        weights[j] += z[i][j] * solution[i];
                    }
                }
            } else {
                weights = solution;
            }
            return new RidgeRegression(standardizer, weights, mean, penalty);
        }
    }
}

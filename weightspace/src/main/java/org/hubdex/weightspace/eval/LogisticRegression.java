package org.hubdex.weightspace.eval;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-label logistic regression, one independent binary classifier per label (one-vs-rest): the linear probe
 * of the weight-statistics baseline for training-category prediction, next to ProbeX's multi-label head.
 *
 * <p>Features are standardized on the training rows. Each label's weights minimize the mean binary
 * cross-entropy plus {@code (l2 / 2) ||w||²}, the intercept unpenalized, by L-BFGS in double precision. A label
 * that is constant in training (all positive or all negative) gets no weights and the Laplace-smoothed rate
 * {@code (positives + 0.5) / (n + 1)} as its probability, where the unpenalized optimum would be an infinite
 * intercept. Immutable and thread-safe once fitted.
 */
public final class LogisticRegression {

    private static final Logger LOG = LoggerFactory.getLogger(LogisticRegression.class);

    /**
     * @param l2 the penalty on the weights (per the mean loss), &gt; 0 keeps separable data finite
     * @param maxIterations L-BFGS iterations per label at most
     * @param tolerance stop when every gradient component is below this
     */
    public record Options(double l2, int maxIterations, double tolerance) {
        /** l2 1e-3, 500 iterations, gradient tolerance 1e-7. */
        public static final Options DEFAULT = new Options(1e-3, 500, 1e-7);

        public Options {
            if (!(l2 >= 0) || maxIterations < 1 || !(tolerance > 0)) {
                throw new IllegalArgumentException("l2 >= 0, maxIterations >= 1 and tolerance > 0 required");
            }
        }

        public Options withL2(double penalty) {
            return new Options(penalty, maxIterations, tolerance);
        }
    }

    private final Standardizer standardizer;
    private final double[][] weights; // [label][feature]
    private final double[] intercepts;

    private LogisticRegression(Standardizer standardizer, double[][] weights, double[] intercepts) {
        this.standardizer = standardizer;
        this.weights = weights;
        this.intercepts = intercepts;
    }

    /** Fits with {@link Options#DEFAULT} but the given penalty. */
    public static LogisticRegression fit(double[][] x, boolean[][] labels, double l2) {
        return fit(x, labels, Options.DEFAULT.withL2(l2));
    }

    /**
     * @param x n rows of d features
     * @param labels n rows of L labels (the same L in every row)
     */
    public static LogisticRegression fit(double[][] x, boolean[][] labels, Options options) {
        int n = Matrices.rows(x);
        int d = Matrices.columns(x);
        if (labels.length != n || labels[0].length == 0) {
            throw new IllegalArgumentException(n + " rows but " + labels.length + " label rows (with at least one label)");
        }
        int labelCount = labels[0].length;
        for (boolean[] row : labels) {
            if (row.length != labelCount) {
                throw new IllegalArgumentException("label rows of " + labelCount + " and " + row.length + " labels");
            }
        }
        Standardizer standardizer = Standardizer.fit(x);
        double[][] z = standardizer.transform(x);
        double[][] weights = new double[labelCount][];
        double[] intercepts = new double[labelCount];
        for (int l = 0; l < labelCount; l++) {
            double[] t = new double[n];
            int positives = 0;
            for (int i = 0; i < n; i++) {
                t[i] = labels[i][l] ? 1 : 0;
                positives += labels[i][l] ? 1 : 0;
            }
            if (positives == 0 || positives == n) {
                double rate = (positives + 0.5) / (n + 1);
                weights[l] = new double[d];
                intercepts[l] = Math.log(rate / (1 - rate));
                continue;
            }
            Lbfgs.Result result = Lbfgs.minimize(new Loss(z, t, options.l2()), new double[d + 1], options.maxIterations(),
                    options.tolerance());
            if (!result.converged()) {
                LOG.warn("logistic regression: label {} stopped after {} iterations without reaching tolerance {}", l,
                        result.iterations(), options.tolerance());
            }
            weights[l] = java.util.Arrays.copyOf(result.x(), d);
            intercepts[l] = result.x()[d];
        }
        return new LogisticRegression(standardizer, weights, intercepts);
    }

    /** The probability of each label for one row. */
    public double[] predictProbabilities(double[] row) {
        double[] z = standardizer.transform(row);
        double[] p = new double[weights.length];
        for (int l = 0; l < p.length; l++) {
            p[l] = sigmoid(intercepts[l] + Matrices.dot(weights[l], z));
        }
        return p;
    }

    /** The probability of each label for each row, {@code [n][L]}. */
    public double[][] predictProbabilities(double[][] x) {
        double[][] p = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            p[i] = predictProbabilities(x[i]);
        }
        return p;
    }

    public int labelCount() {
        return weights.length;
    }

    static double sigmoid(double v) {
        return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }

    /** Mean binary cross-entropy plus (l2 / 2) ||w||² over parameters {@code [w..., b]}. */
    private record Loss(double[][] z, double[] t, double l2) implements Lbfgs.Objective {
        @Override
        public double evaluate(double[] params, double[] gradient) {
            int d = params.length - 1;
            int n = z.length;
            java.util.Arrays.fill(gradient, 0);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double logit = params[d] + dotPrefix(params, z[i], d);
                // log(1 + e^logit) - t * logit, computed without overflow
                loss += (logit > 0 ? logit + Math.log1p(Math.exp(-logit)) : Math.log1p(Math.exp(logit))) - t[i] * logit;
                double residual = sigmoid(logit) - t[i];
                double[] row = z[i];
                for (int j = 0; j < d; j++) {
                    gradient[j] += residual * row[j];
                }
                gradient[d] += residual;
            }
            double penalty = 0;
            for (int j = 0; j < d; j++) {
                gradient[j] = gradient[j] / n + l2 * params[j];
                penalty += params[j] * params[j];
            }
            gradient[d] /= n;
            return loss / n + 0.5 * l2 * penalty;
        }

        private static double dotPrefix(double[] params, double[] row, int d) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += params[j] * row[j];
            }
            return s;
        }
    }
}

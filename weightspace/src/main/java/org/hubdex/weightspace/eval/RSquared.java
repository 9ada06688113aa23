package org.hubdex.weightspace.eval;

/**
 * The coefficient of determination, {@code 1 - SS_res / SS_tot}: the share of the targets' variance a predictor
 * explains. 1 is perfect, 0 is no better than predicting the mean, and it is negative for worse predictors.
 * When the targets are constant ({@code SS_tot = 0}) it is 1 for a perfect prediction and 0 otherwise, as
 * scikit-learn reports, so that it stays finite.
 */
public final class RSquared {

    private RSquared() {
    }

    public static double of(double[] actual, double[] predicted) {
        if (actual.length != predicted.length || actual.length == 0) {
            throw new IllegalArgumentException("R^2 of " + actual.length + " targets and " + predicted.length
                    + " predictions");
        }
        double mean = 0;
        for (double a : actual) {
            mean += a;
        }
        mean /= actual.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            double r = actual[i] - predicted[i];
            double t = actual[i] - mean;
            residual += r * r;
            total += t * t;
        }
        if (total == 0) {
            return residual == 0 ? 1 : 0;
        }
        return 1 - residual / total;
    }
}

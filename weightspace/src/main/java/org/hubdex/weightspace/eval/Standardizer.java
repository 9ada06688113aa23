package org.hubdex.weightspace.eval;

/**
 * Feature standardization fitted on training rows: {@code z = (x - mean) / std} with the population standard
 * deviation. A constant feature keeps scale 1, so that it becomes all zeros rather than a division by zero
 * (a penalized model then gives it no weight). Standardizing first makes one penalty mean the same for a
 * feature in [0, 1] and one in the thousands, which is what lets ridge regression choose its penalty from a
 * fixed grid.
 */
final class Standardizer {

    private final double[] means;
    private final double[] scales;

    private Standardizer(double[] means, double[] scales) {
        this.means = means;
        this.scales = scales;
    }

    static Standardizer fit(double[][] x) {
        int n = Matrices.rows(x);
        int d = Matrices.columns(x);
        double[] means = new double[d];
        double[] scales = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                means[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            means[j] /= n;
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - means[j];
                scales[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double std = Math.sqrt(scales[j] / n);
            scales[j] = std > 0 ? std : 1;
        }
        return new Standardizer(means, scales);
    }

    int dimension() {
        return means.length;
    }

    double mean(int j) {
        return means[j];
    }

    double scale(int j) {
        return scales[j];
    }

    double[] transform(double[] row) {
        if (row.length != means.length) {
            throw new IllegalArgumentException("a row of " + row.length + " features, the model has " + means.length);
        }
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = (row[j] - means[j]) / scales[j];
        }
        return z;
    }

    double[][] transform(double[][] x) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = transform(x[i]);
        }
        return z;
    }
}

package org.hubdex.weightspace.eval;

/** The few dense linear-algebra steps the evaluation needs, on row-major {@code double[][]}. */
final class Matrices {

    private Matrices() {
    }

    /** Rows of a non-empty, finite, rectangular matrix. */
    static int rows(double[][] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        return x.length;
    }

    /** Columns of a rectangular, finite matrix with at least one row. */
    static int columns(double[][] x) {
        int d = x[rows(x) - 1].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, row " + (x.length - 1)
                        + " has " + d);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("row " + i + " holds a non-finite value: " + v);
                }
            }
        }
        return d;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code Z^T Z}, d x d. */
    static double[][] gramOfColumns(double[][] z) {
        int d = z[0].length;
        double[][] g = new double[d][d];
        for (double[] row : z) {
            for (int a = 0; a < d; a++) {
                double ra = row[a];
                if (ra == 0) {
                    continue;
                }
                double[] ga = g[a];
                for (int b = a; b < d; b++) {
                    ga[b] += ra * row[b];
                }
            }
        }
        mirror(g);
        return g;
    }

    /** {@code Z Z^T}, n x n. */
    static double[][] gramOfRows(double[][] z) {
        int n = z.length;
        double[][] g = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                g[a][b] = dot(z[a], z[b]);
            }
        }
        mirror(g);
        return g;
    }

    private static void mirror(double[][] g) {
        for (int a = 0; a < g.length; a++) {
            for (int b = 0; b < a; b++) {
                g[a][b] = g[b][a];
            }
        }
    }

    /**
     * Solves {@code (G + penalty I) w = r} for a symmetric positive semi-definite {@code G} by Cholesky
     * decomposition, leaving {@code G} untouched.
     *
     * @throws SingularSystemException when the matrix is not numerically positive definite
     */
    static double[] solveShifted(double[][] g, double penalty, double[] r) {
        int n = g.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = g[i][j] + (i == j ? penalty : 0);
                double[] li = l[i];
                double[] lj = l[j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new SingularSystemException("not positive definite at pivot " + i + " of " + n
                                + " with penalty " + penalty + " (pivot " + s + ")");
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = r[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] w = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * w[k];
            }
            w[i] = s / l[i][i];
        }
        return w;
    }
}

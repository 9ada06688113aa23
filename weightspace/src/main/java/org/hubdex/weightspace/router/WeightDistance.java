package org.hubdex.weightspace.router;

/**
 * The MoTHer-style distance between a model's matrix and a centre: the normalized weight-difference magnitude
 * {@code ||X - C||_F / ||C||_F}. Normalizing by the centre makes distances of different trees (bases of
 * different scale) comparable: a fine-tune that moved its weights by 2% is at 0.02 from its base's centre
 * whatever the base's norm. Accumulates in double precision.
 */
final class WeightDistance {

    private WeightDistance() {
    }

    /** {@code ||x - c||_F / ||c||_F} given {@code ||c||_F}; for a zero centre 0 when x is zero too, else infinity. */
    static double normalized(float[] x, float[] c, double centreNorm) {
        double squared = squaredEuclidean(x, c);
        if (centreNorm == 0) {
            return squared == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(squared) / centreNorm;
    }

    static double squaredEuclidean(float[] x, float[] c) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < x.length; i += 4) {
            double d0 = x[i] - c[i];
            double d1 = x[i + 1] - c[i + 1];
            double d2 = x[i + 2] - c[i + 2];
            double d3 = x[i + 3] - c[i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < x.length; i++) {
            double d = x[i] - c[i];
            s0 += d * d;
        }
        return s0 + s1 + s2 + s3;
    }

    static double norm(float[] c) {
        double s = 0;
        for (float v : c) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}

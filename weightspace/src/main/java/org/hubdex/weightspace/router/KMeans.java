package org.hubdex.weightspace.router;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means with k-means++ seeding, on squared Euclidean distance, in double precision. A tree whose
 * members form sub-families (an intermediate fine-tune with its own children) is better summarised by a few
 * centres than by one mean lying between them. Deterministic for a given seed.
 */
final class KMeans {

    private KMeans() {
    }

    /** {@code k} centres of {@code points} (all of one length); {@code k = 1} is the plain mean. */
    static float[][] fit(List<float[]> points, int k, int maxIterations, long seed) {
        int n = points.size();
        if (n == 0 || k < 1 || k > n) {
            throw new IllegalArgumentException("k-means of " + n + " points into " + k + " clusters");
        }
        if (k == 1) {
            return new float[][] {mean(points, new int[n], 0)};
        }
        float[][] centres = seed(points, k, new SplittableRandom(seed));
        int[] assignment = new int[n];
        java.util.Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = nearest(points.get(i), centres);
                if (best != assignment[i]) {
                    assignment[i] = best;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            for (int c = 0; c < k; c++) {
                float[] centre = mean(points, assignment, c);
                centres[c] = centre != null ? centre : farthest(points, centres).clone();
            }
        }
        return centres;
    }

    private static float[][] seed(List<float[]> points, int k, SplittableRandom random) {
        int n = points.size();
        float[][] centres = new float[k][];
        centres[0] = points.get(random.nextInt(n)).clone();
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], WeightDistance.squaredEuclidean(points.get(i), centres[c - 1]));
                total += nearest[i];
            }
            int chosen = n - 1;
            if (total > 0) {
                double target = random.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    target -= nearest[i];
                    if (target < 0) {
                        chosen = i;
                        break;
                    }
                }
            } else {
                chosen = random.nextInt(n);
            }
            centres[c] = points.get(chosen).clone();
        }
        return centres;
    }

    static int nearest(float[] point, float[][] centres) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double d = WeightDistance.squaredEuclidean(point, centres[c]);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    /** The mean of the points assigned to {@code cluster}, or null when none is. */
    private static float[] mean(List<float[]> points, int[] assignment, int cluster) {
        int size = points.get(0).length;
        double[] sum = new double[size];
        int count = 0;
        for (int i = 0; i < points.size(); i++) {
            if (assignment[i] == cluster) {
                float[] p = points.get(i);
                for (int j = 0; j < size; j++) {
                    sum[j] += p[j];
                }
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        float[] mean = new float[size];
        for (int j = 0; j < size; j++) {
            mean[j] = (float) (sum[j] / count);
        }
        return mean;
    }

    /** The point farthest from its nearest centre: the new seed of an emptied cluster. */
    private static float[] farthest(List<float[]> points, float[][] centres) {
        float[] farthest = points.get(0);
        double worst = -1;
        for (float[] p : points) {
            double d = Double.POSITIVE_INFINITY;
            for (float[] c : centres) {
                if (c != null) {
                    d = Math.min(d, WeightDistance.squaredEuclidean(p, c));
                }
            }
            if (d > worst) {
                worst = d;
                farthest = p;
            }
        }
        return farthest;
    }
}

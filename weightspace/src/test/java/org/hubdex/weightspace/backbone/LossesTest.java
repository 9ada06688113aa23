package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.hubdex.weightspace.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LossesTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        Engines.pytorch();
        manager = NDManager.newBaseManager(Device.cpu(), Engines.PYTORCH);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void mlnStatisticsUseOnlyRealValues() {
        float[] target = {1, 2, 3, 1000, 5, -1000};
        float[] mask = {1, 1, 1, 0, 1, 0};
        Losses.MlnStats stats = Losses.MlnStats.of(target, mask, 6);
        // real values 1, 2, 3, 5: mean 2.75, population variance (3.0625 + 0.5625 + 0.0625 + 5.0625) / 4 = 2.1875
        assertThat(stats.mean()).isEqualTo(2.75);
        assertThat(stats.sigma()).isCloseTo(Math.sqrt(2.1875) + 1e-4, within(1e-12));
        assertThat(stats.count()).isEqualTo(4);
    }

    @Test
    void mlnMseIsTheNormalizedErrorOverRealValuesOnly() {
        float[] target = {1, 2, 3, 1000, 5, -1000};
        float[] mask = {1, 1, 1, 0, 1, 0};
        float[] prediction = {1.5f, 2, 2, -7, 5, 123};
        Losses.MlnStats stats = Losses.MlnStats.of(target, mask, 6);
        double loss = mse(prediction, target, mask, stats);
        double sigma = stats.sigma();
        double expected = 0;
        for (int i : new int[] {0, 1, 2, 4}) {
            double a = (prediction[i] - stats.mean()) / sigma;
            double b = (target[i] - stats.mean()) / sigma;
            expected += (a - b) * (a - b);
        }
        assertThat(loss).isCloseTo(expected / 4, within(1e-6));
        // what the prediction says on padding does not matter
        float[] other = prediction.clone();
        other[3] = 1e6f;
        other[5] = -3;
        assertThat(mse(other, target, mask, stats)).isEqualTo(loss);
    }

    @Test
    void ntXentMatchesTheSimClrFormula() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 6;
        int p = 4;
        float[] z = new float[n * p];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        double temperature = 0.5;
        double loss;
        try (NDManager scope = manager.newSubManager()) {
            loss = Losses.ntXent(scope.create(z, new Shape(n, p)), temperature, scope).getFloat();
        }
        assertThat(loss).isCloseTo(reference(z, n, p, temperature), within(1e-5));
    }

    @Test
    void ntXentIsLowWhenViewsAgreeAndWindowsDiffer() {
        int n = 4;
        float[] aligned = {1, 0, 0, 1, 1, 0, 0, 1}; // views i and i+2 identical, windows orthogonal
        float[] crossed = {1, 0, 0, 1, 0, 1, 1, 0}; // each view matches the other window
        try (NDManager scope = manager.newSubManager()) {
            double good = Losses.ntXent(scope.create(aligned, new Shape(n, 2)), 0.1, scope).getFloat();
            double bad = Losses.ntXent(scope.create(crossed, new Shape(n, 2)), 0.1, scope).getFloat();
            assertThat(good).isLessThan(0.01);
            assertThat(bad).isGreaterThan(5);
        }
    }

    private static double mse(float[] prediction, float[] target, float[] mask, Losses.MlnStats stats) {
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(prediction.length);
            NDArray loss = Losses.maskedNormalizedMse(scope.create(prediction, shape), scope.create(target, shape),
                    scope.create(mask, shape), stats);
            return loss.getFloat();
        }
    }

    /** NT-Xent written out: l(i, j) = -log(exp(s_ij / t) / sum_{k != i} exp(s_ik / t)), averaged over 2B rows. */
    private static double reference(float[] z, int n, int p, double t) {
        double[][] u = new double[n][p];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < p; k++) {
                norm += z[i * p + k] * z[i * p + k];
            }
            for (int k = 0; k < p; k++) {
                u[i][k] = z[i * p + k] / Math.sqrt(norm);
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + n / 2) % n;
            double denominator = 0;
            for (int k = 0; k < n; k++) {
                if (k != i) {
                    denominator += Math.exp(dot(u[i], u[k]) / t);
                }
            }
            total += -Math.log(Math.exp(dot(u[i], u[j]) / t) / denominator);
        }
        return total / n;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}

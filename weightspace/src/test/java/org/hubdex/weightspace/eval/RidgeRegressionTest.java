package org.hubdex.weightspace.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RidgeRegressionTest {

    @Test
    void oneFeatureMatchesTheHandSolution() {
        // x = -1, 0, 1 (mean 0, population std sqrt(2/3)), y = 1, 2, 6 (mean 3):
        // standardized, Z^T Z = 3 and Z^T (y - 3) = 5 / sqrt(2/3), so w = 5 / sqrt(2/3) / (3 + λ),
        // i.e. a slope of 7.5 / (3 + λ) in x's own units (2.5, the least-squares slope, as λ -> 0)
        double[][] x = {{-1}, {0}, {1}};
        double[] y = {1, 2, 6};
        RidgeRegression model = RidgeRegression.fit(x, y, 1.0);
        assertThat(model.coefficients()[0]).isCloseTo(1.875, within(1e-12));
        assertThat(model.intercept()).isCloseTo(3, within(1e-12));
        assertThat(model.predict(new double[] {1})).isCloseTo(4.875, within(1e-12));
        assertThat(RidgeRegression.fit(x, y, 0.5).coefficients()[0]).isCloseTo(7.5 / 3.5, within(1e-12));
        assertThat(RidgeRegression.fit(x, y, 1e-9).coefficients()[0]).isCloseTo(2.5, within(1e-8));
    }

    @Test
    void theInterceptIsNotPenalized() {
        double[][] x = {{1}, {2}, {3}, {4}};
        double[] y = {10, 12, 15, 19};
        RidgeRegression model = RidgeRegression.fit(x, y, 1e12);
        // all weight penalized away, the intercept is still the targets' mean
        assertThat(model.predict(new double[] {100})).isCloseTo(14, within(1e-6));
    }

    @Test
    void aLinearRelationIsRecoveredWithATinyPenalty() {
        Random random = new Random(3);
        double[][] x = new double[50][3];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = 100 + 20 * random.nextGaussian(); // another scale and a far mean
            x[i][2] = random.nextDouble();
            y[i] = 2 + 3 * x[i][0] - 0.5 * x[i][1] + 10 * x[i][2];
        }
        RidgeRegression model = RidgeRegression.fit(x, y, 1e-8);
        assertThat(model.coefficients()).containsExactly(new double[] {3, -0.5, 10}, within(1e-6));
        assertThat(model.intercept()).isCloseTo(2, within(1e-5));
        assertThat(RSquared.of(y, model.predict(x))).isCloseTo(1, within(1e-12));
    }

    @Test
    void theDualFormGivesThePrimalSolution() {
        Random random = new Random(4);
        for (int[] shape : new int[][] {{10, 30}, {30, 10}}) {
            double[][] x = gaussian(random, shape[0], shape[1]);
            double[] y = new double[shape[0]];
            for (int i = 0; i < y.length; i++) {
                y[i] = x[i][0] - 2 * x[i][1] + random.nextGaussian();
            }
            RidgeRegression primal = RidgeRegression.fit(x, y, 0.1, RidgeRegression.Form.PRIMAL);
            RidgeRegression dual = RidgeRegression.fit(x, y, 0.1, RidgeRegression.Form.DUAL);
            assertThat(dual.coefficients()).containsExactly(primal.coefficients(), within(1e-9));
            assertThat(dual.intercept()).isCloseTo(primal.intercept(), within(1e-9));
        }
    }

    @Test
    void moreFeaturesThanRowsFitsAndPredicts() {
        Random random = new Random(5);
        double[][] x = gaussian(random, 20, 500);
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            y[i] = x[i][7] * 3;
        }
        RidgeRegression model = RidgeRegression.fit(x, y, 1e-3);
        assertThat(RSquared.of(y, model.predict(x))).isGreaterThan(0.999);
    }

    @Test
    void aConstantFeatureGetsNoWeight() {
        double[][] x = {{1, 5}, {2, 5}, {3, 5}, {4, 5}};
        double[] y = {2, 4, 6, 8};
        RidgeRegression model = RidgeRegression.fit(x, y, 1e-6);
        assertThat(model.coefficients()[1]).isZero();
        assertThat(model.predict(new double[] {5, 5})).isCloseTo(10, within(1e-4));
    }

    @Test
    void thePenaltyIsChosenByValidationR2() {
        Random random = new Random(6);
        // 40 training rows, 30 features, of which only 2 matter, with noise: some shrinkage helps
        double[][] train = gaussian(random, 40, 30);
        double[][] val = gaussian(random, 200, 30);
        double[] trainY = target(train, random);
        double[] valY = target(val, random);
        RidgeRegression.Selection selection = RidgeRegression.fitSelectingPenalty(train, trainY, val, valY);
        Map<Double, Double> scores = selection.validationR2ByPenalty();
        assertThat(scores.keySet()).containsExactlyElementsOf(RidgeRegression.DEFAULT_PENALTIES);
        assertThat(selection.validationR2()).isEqualTo(scores.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat(scores.get(selection.penalty())).isEqualTo(selection.validationR2());
        assertThat(selection.penalty()).isBetween(1e-1, 1e2); // neither extreme: 1e3 underfits, 1e-5 overfits
        assertThat(scores.get(1e3)).isLessThan(selection.validationR2() - 0.05);
        assertThat(scores.get(1e-5)).isLessThan(selection.validationR2());
        assertThat(selection.model().predict(val)).containsExactly(
                RidgeRegression.fit(train, trainY, selection.penalty()).predict(val), within(1e-12));
    }

    @Test
    void noiselessDataChoosesTheSmallestPenalty() {
        double[][] train = {{0}, {1}, {2}, {3}};
        double[][] val = {{4}, {5}};
        RidgeRegression.Selection selection = RidgeRegression.fitSelectingPenalty(train, new double[] {1, 3, 5, 7}, val,
                new double[] {9, 11}, List.of(10.0, 1.0, 1e-5));
        assertThat(selection.penalty()).isEqualTo(1e-5);
        assertThat(selection.validationR2()).isCloseTo(1, within(1e-4));
    }

    @Test
    void badInputsAreRefused() {
        double[][] x = {{1}, {2}};
        assertThatThrownBy(() -> RidgeRegression.fit(x, new double[] {1, 2}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RidgeRegression.fit(x, new double[] {1}, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RidgeRegression.fit(new double[][] {{1}, {Double.NaN}}, new double[] {1, 2}, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RidgeRegression.fit(x, new double[] {1, 2}, 1).predict(new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] target(double[][] x, Random random) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 2 * x[i][0] - x[i][1] + 1.5 * random.nextGaussian();
        }
        return y;
    }

    private static double[][] gaussian(Random random, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }
}

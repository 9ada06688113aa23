package org.hubdex.weightspace.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    @Test
    void separableLabelsAreSeparated() {
        Random random = new Random(8);
        int n = 200;
        double[][] x = new double[n][3];
        boolean[][] labels = new boolean[n][3];
        for (int i = 0; i < n; i++) {
            boolean a = i % 2 == 0;
            // label 0: which of two blobs (centres +-2 on feature 0, at scale 1000 to need standardization)
            x[i][0] = 1000 * ((a ? 2 : -2) + 0.5 * random.nextGaussian());
            x[i][1] = random.nextGaussian();
            x[i][2] = random.nextGaussian();
            labels[i][0] = a;
            // label 1: a half-space through features 1 and 2, with a margin
            double side = x[i][1] + x[i][2];
            if (Math.abs(side) < 0.2) {
                x[i][1] += Math.signum(side) * 0.3;
                side = x[i][1] + x[i][2];
            }
            labels[i][1] = side > 0;
            labels[i][2] = false; // never present in training
        }
        LogisticRegression model = LogisticRegression.fit(x, labels, 1e-4);
        assertThat(model.labelCount()).isEqualTo(3);
        double[][] p = model.predictProbabilities(x);
        for (int i = 0; i < n; i++) {
            assertThat(p[i][0] > 0.5).as("row %d label 0", i).isEqualTo(labels[i][0]);
            assertThat(p[i][1] > 0.5).as("row %d label 1", i).isEqualTo(labels[i][1]);
            assertThat(p[i][2]).isCloseTo(0.5 / (n + 1), within(1e-12));
        }
        // new points far on either side
        assertThat(model.predictProbabilities(new double[] {3000, 2, 2})[0]).isGreaterThan(0.99);
        assertThat(model.predictProbabilities(new double[] {-3000, -2, -2})[1]).isLessThan(0.01);
    }

    @Test
    void withAlmostNoPenaltyTheProbabilitiesAreTheGroupRates() {
        // a binary feature: P(label | x = 0) = 1/4 and P(label | x = 1) = 3/4 at the maximum likelihood
        double[][] x = {{0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}};
        boolean[][] labels = {{false}, {false}, {false}, {true}, {false}, {true}, {true}, {true}};
        LogisticRegression model = LogisticRegression.fit(x, labels, 1e-10);
        assertThat(model.predictProbabilities(new double[] {0})[0]).isCloseTo(0.25, within(1e-6));
        assertThat(model.predictProbabilities(new double[] {1})[0]).isCloseTo(0.75, within(1e-6));
    }

    @Test
    void aStrongerPenaltyPullsTowardsTheBaseRate() {
        double[][] x = {{0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}};
        boolean[][] labels = {{false}, {false}, {false}, {true}, {false}, {true}, {true}, {true}};
        double weak = LogisticRegression.fit(x, labels, 1e-6).predictProbabilities(new double[] {1})[0];
        double strong = LogisticRegression.fit(x, labels, 10).predictProbabilities(new double[] {1})[0];
        assertThat(strong).isBetween(0.5, weak - 0.1);
    }

    @Test
    void theSigmoidIsStableAtTheExtremes() {
        assertThat(LogisticRegression.sigmoid(-1000)).isZero();
        assertThat(LogisticRegression.sigmoid(1000)).isEqualTo(1.0);
        assertThat(LogisticRegression.sigmoid(0)).isEqualTo(0.5);
    }
}

package org.hubdex.weightspace.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RSquaredTest {

    private static final double[] ACTUAL = {1, 2, 3};

    @Test
    void aPerfectPredictorScoresOne() {
        assertThat(RSquared.of(ACTUAL, new double[] {1, 2, 3})).isEqualTo(1.0);
    }

    @Test
    void predictingTheMeanScoresZero() {
        assertThat(RSquared.of(ACTUAL, new double[] {2, 2, 2})).isEqualTo(0.0);
    }

    @Test
    void aWorseConstantScoresBelowZero() {
        // SS_res = 1 + 4 + 9 = 14, SS_tot = 2: 1 - 7
        assertThat(RSquared.of(ACTUAL, new double[] {0, 0, 0})).isCloseTo(-6, within(1e-12));
    }

    @Test
    void aPartialFitScoresBetween() {
        // SS_res = 0.25 + 0 + 0.25 = 0.5, SS_tot = 2: 0.75
        assertThat(RSquared.of(ACTUAL, new double[] {1.5, 2, 2.5})).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void constantTargetsScoreOneWhenMatchedAndZeroOtherwise() {
        assertThat(RSquared.of(new double[] {4, 4}, new double[] {4, 4})).isEqualTo(1.0);
        assertThat(RSquared.of(new double[] {4, 4}, new double[] {4, 5})).isEqualTo(0.0);
    }

    @Test
    void lengthsMustMatch() {
        assertThatThrownBy(() -> RSquared.of(ACTUAL, new double[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
    }
}

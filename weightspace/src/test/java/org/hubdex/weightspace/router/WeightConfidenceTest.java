package org.hubdex.weightspace.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightConfidenceTest {

    private static final RouterConfig CONFIG = RouterConfig.DEFAULT; // minSpread 0.01, tau 4

    @Test
    void insideTheSpreadOnlyTheMarginCounts() {
        // d1 = 0.02 within spread 0.05; d2 = 0.08: margin 1 - 0.25
        assertThat(WeightConfidence.of(0.02, 0.08, 0.05, CONFIG)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void beyondTheSpreadTheFitFallsLinearlyToZeroAtTauTimesIt() {
        // spread 0.05, d1 = 0.1 = 2 s: fit (4*0.05 - 0.1) / (3*0.05) = 2/3; alone in its signature: margin 1
        assertThat(WeightConfidence.of(0.1, Double.POSITIVE_INFINITY, 0.05, CONFIG)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(WeightConfidence.of(0.2, Double.POSITIVE_INFINITY, 0.05, CONFIG)).isZero();
        assertThat(WeightConfidence.of(5.0, Double.POSITIVE_INFINITY, 0.05, CONFIG)).isZero();
    }

    @Test
    void aTreeWithoutSpreadGetsTheMinimum() {
        // spread 0 -> 0.01; d1 = 0.025 = 2.5 s: fit (0.04 - 0.025) / 0.03 = 0.5; margin 1 - 0.025/0.1 = 0.75
        assertThat(WeightConfidence.of(0.025, 0.1, 0, CONFIG)).isCloseTo(0.375, within(1e-12));
    }

    @Test
    void equallyNearTreesGiveNoConfidence() {
        assertThat(WeightConfidence.of(0.03, 0.03, 0.05, CONFIG)).isZero();
        assertThat(WeightConfidence.of(0, 0, 0.05, CONFIG)).isZero();
        assertThat(WeightConfidence.of(0, 0.5, 0.05, CONFIG)).isEqualTo(1.0);
    }
}

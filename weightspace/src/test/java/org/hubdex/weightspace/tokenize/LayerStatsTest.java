package org.hubdex.weightspace.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerStatsTest {

    @Test
    void matchesNumpysLinearQuantilesOnOneToHundred() {
        float[] values = new float[100];
        for (int i = 0; i < 100; i++) {
            values[(i * 37) % 100] = i + 1; // shuffled 1..100
        }
        LayerStats stats = LayerStats.of(values, 0, 100, 1000);
        // numpy: np.quantile(np.arange(1, 101), [.01, .25, .5, .75, .99]) = 1.99, 25.75, 50.5, 75.25, 99.01
        assertThat(stats.q01()).isCloseTo(1.99, within(1e-9));
        assertThat(stats.q25()).isCloseTo(25.75, within(1e-9));
        assertThat(stats.q50()).isCloseTo(50.5, within(1e-9));
        assertThat(stats.q75()).isCloseTo(75.25, within(1e-9));
        assertThat(stats.q99()).isCloseTo(99.01, within(1e-9));
        assertThat(stats.mean()).isCloseTo(50.5, within(1e-12));
        assertThat(stats.std()).isCloseTo(Math.sqrt((100.0 * 100 - 1) / 12), within(1e-12)); // population std of 1..n
    }

    @Test
    void singleValueHasZeroSpread() {
        LayerStats stats = LayerStats.of(new float[] {7, 3.5f, 7}, 1, 1, 100);
        assertThat(stats.mean()).isEqualTo(3.5);
        assertThat(stats.std()).isZero();
        assertThat(stats.q01()).isEqualTo(3.5);
        assertThat(stats.q99()).isEqualTo(3.5);
    }

    @Test
    void runsAreTakenTogether() {
        float[] a = {1, 2, 99};
        float[] b = {99, 3, 4};
        LayerStats joined = LayerStats.of(new float[][] {a, b}, new int[] {0, 1}, new int[] {2, 2}, 100);
        LayerStats direct = LayerStats.of(new float[] {1, 2, 3, 4}, 0, 4, 100);
        assertThat(joined).isEqualTo(direct);
    }

    @Test
    void quantilesOfALargeLayerComeFromAStridedSampleCloseToExact() {
        Random random = new Random(11);
        float[] values = new float[1_000_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        LayerStats sampled = LayerStats.of(values, 0, values.length, 10_000);
        LayerStats exact = LayerStats.of(values, 0, values.length, values.length);
        assertThat(sampled.mean()).isEqualTo(exact.mean()); // mean and std always use every value
        assertThat(sampled.std()).isEqualTo(exact.std());
        assertThat(sampled.q50()).isCloseTo(exact.q50(), within(0.03));
        assertThat(sampled.q01()).isCloseTo(exact.q01(), within(0.08));
        assertThat(exact.q01()).isCloseTo(-2.326, within(0.02)); // the normal distribution's 1st percentile
    }
}

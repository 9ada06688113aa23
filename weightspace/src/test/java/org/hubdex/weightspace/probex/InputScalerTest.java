package org.hubdex.weightspace.probex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;
import org.junit.jupiter.api.Test;

class InputScalerTest {

    // two 1x2 "models": [1, 10] and [3, 10]; element means [2, 10], element deviations [1, 0]
    private static final List<ProbeXMatrix> TRAIN = List.of(matrix(1, 10), matrix(3, 10));

    @Test
    void noneIsTheIdentityBitForBit() {
        float[] out = apply(InputScaling.NONE, 0.1f, -7.3e-9f);
        assertThat(out).containsExactly(0.1f, -7.3e-9f);
    }

    @Test
    void globalUsesOneMeanAndDeviation() {
        // values 1, 10, 3, 10: mean 6, population deviation sqrt((25 + 16 + 9 + 16) / 4) = sqrt(16.5)
        float[] out = apply(InputScaling.GLOBAL, 6, 10);
        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[1]).isCloseTo((float) (4 / Math.sqrt(16.5)), within(1e-6f));
    }

    @Test
    void treeCenteredSubtractsTheMeanModel() {
        // residuals -1, 0, 1, 0: deviation sqrt(2 / 4)
        float[] out = apply(InputScaling.TREE_CENTERED, 3, 10);
        assertThat(out[0]).isCloseTo((float) (1 / Math.sqrt(0.5)), within(1e-6f));
        assertThat(out[1]).isEqualTo(0f);
    }

    @Test
    void perElementFloorsAConstantElementsDeviation() {
        // element 1 never varies: its deviation 0 is floored at 1% of the mean deviation (0.5), i.e. 0.005
        float[] out = apply(InputScaling.PER_ELEMENT, 3, 10.01f);
        assertThat(out[0]).isCloseTo(1f, within(1e-6f));
        assertThat(out[1]).isCloseTo(2f, within(1e-3f));
    }

    private static float[] apply(InputScaling mode, float... values) {
        float[] out = new float[values.length];
        InputScaler.fit(mode, TRAIN).apply(values, out, 0);
        return out;
    }

    private static ProbeXMatrix matrix(float... values) {
        return new ProbeXMatrix("w", new long[] {1, values.length}, 1, values.length, values);
    }
}

package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PositionCodeTest {

    private final PositionCode code = new PositionCode(8);

    @Test
    void isTheStandardSinCosCodeWithBase10000() {
        float[] zero = code.of(0);
        assertThat(zero).containsExactly(0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f);
        float[] p = code.of(5);
        for (int i = 0; i < 4; i++) {
            double angle = 5 / Math.pow(10000, 2.0 * i / 8);
            assertThat(p[2 * i]).isCloseTo((float) Math.sin(angle), within(1e-7f));
            assertThat(p[2 * i + 1]).isCloseTo((float) Math.cos(angle), within(1e-7f));
        }
    }

    @Test
    void sumsTheCodesOfTheThreeComponents() {
        int[] positions = {7, 2, 3, 100_000, 40, 5_000};
        float[] out = new float[16];
        code.addTo(positions, 0, out, 0);
        code.addTo(positions, 1, out, 8);
        for (int j = 0; j < 8; j++) {
            assertThat(out[j]).isEqualTo(code.of(7)[j] + code.of(2)[j] + code.of(3)[j], within(1e-6f));
            // beyond the table (100,000 and 5,000) the code is computed, and agrees with the formula
            assertThat(out[8 + j]).isEqualTo(code.of(100_000)[j] + code.of(40)[j] + code.of(5_000)[j], within(1e-6f));
        }
    }

    @Test
    void distinguishesNeighbouringPositions() {
        assertThat(code.of(PositionCode.CACHED - 1)).isNotEqualTo(code.of(PositionCode.CACHED));
        assertThat(code.of(1)).isNotEqualTo(code.of(2));
    }
}

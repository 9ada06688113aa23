package org.hubdex.weightspace.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeanPoolingTest {

    private static final TokenBatch TWO_AND_ONE = TokenBatch.pad(
            List.of(new long[] {1, 2}, new long[] {3}), List.of(new long[] {0, 0}, new long[] {0}));

    @Test
    void averagesTheRealTokensOnlyAndNormalizes() {
        // [batch 2, length 2, dimension 2]; the padding vector (99, 99) must not count
        FloatBuffer hidden = FloatBuffer.wrap(new float[] {1, 2, 5, 0, /* row 2 */ 0, -4, 99, 99});
        float[][] pooled = MeanPooling.pool(hidden, TWO_AND_ONE, 2);
        // row 1: mean (3, 1), norm sqrt(10); row 2: (0, -4) -> (0, -1)
        assertThat(pooled[0]).containsExactly(new float[] {(float) (3 / Math.sqrt(10)), (float) (1 / Math.sqrt(10))},
                within(1e-7f));
        assertThat(pooled[1]).containsExactly(0f, -1f);
    }

    @Test
    void rejectsAnOutputOfTheWrongSizeAndAZeroVector() {
        assertThatThrownBy(() -> MeanPooling.pool(FloatBuffer.wrap(new float[7]), TWO_AND_ONE, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2 x 2 x 2 = 8");
        assertThatThrownBy(() -> MeanPooling.pool(FloatBuffer.wrap(new float[8]), TWO_AND_ONE, 2))
                .isInstanceOf(TextEncoderException.class).hasMessageContaining("norm 0.0");
    }
}

package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    @Test
    void noiseIsMultiplicativeWithTheConfiguredSigmaAndKeepsZeros() {
        int tokens = 64;
        int size = 128;
        float[] raw = new float[tokens * size];
        Arrays.fill(raw, 0, raw.length - size, 2f); // the last token is padding
        new Augmenter(0.1, 0).apply(raw, 0, tokens, size, new SplittableRandom(1));
        double sum = 0;
        double squares = 0;
        int n = raw.length - size;
        for (int i = 0; i < n; i++) {
            double r = raw[i] / 2.0 - 1; // = sigma * N(0,1)
            sum += r;
            squares += r * r;
        }
        assertThat(sum / n).isCloseTo(0, within(0.005));
        assertThat(Math.sqrt(squares / n)).isCloseTo(0.1, within(0.005));
        for (int i = n; i < raw.length; i++) {
            assertThat(raw[i]).isZero();
        }
    }

    @Test
    void erasingZeroesOneRectangleOfTheWindowOnly() {
        int tokens = 16;
        int size = 32;
        float[] raw = new float[3 * tokens * size];
        Arrays.fill(raw, 1f);
        int offset = tokens * size; // the second of three windows
        new Augmenter(0, 1.0).apply(raw, offset, tokens, size, new SplittableRandom(5));
        int zeros = 0;
        int minT = Integer.MAX_VALUE;
        int maxT = -1;
        int minV = Integer.MAX_VALUE;
        int maxV = -1;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0f) {
                assertThat(i).isBetween(offset, offset + tokens * size - 1);
                int t = (i - offset) / size;
                int v = (i - offset) % size;
                minT = Math.min(minT, t);
                maxT = Math.max(maxT, t);
                minV = Math.min(minV, v);
                maxV = Math.max(maxV, v);
                zeros++;
            }
        }
        assertThat(zeros).isEqualTo((maxT - minT + 1) * (maxV - minV + 1)); // a rectangle
        assertThat((double) zeros / (tokens * size)).isBetween(0.01, 0.40);
    }

    @Test
    void probabilityZeroNeverErases() {
        float[] raw = new float[16 * 16];
        Arrays.fill(raw, 1f);
        for (int i = 0; i < 100; i++) {
            new Augmenter(0, 0).apply(raw, 0, 16, 16, new SplittableRandom(i));
        }
        for (float v : raw) {
            assertThat(v).isEqualTo(1f);
        }
    }
}

package org.hubdex.weightspace.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Conversions checked against hand-computed bit patterns, then exhaustively for every 16-bit value. */
class HalfFloatsTest {

    @Test
    void f16KnownBitPatterns() {
        assertThat(bits(HalfFloats.toF16(1.0f))).isEqualTo(0x3c00);
        assertThat(bits(HalfFloats.toF16(-2.0f))).isEqualTo(0xc000);
        assertThat(bits(HalfFloats.toF16(65504f))).isEqualTo(0x7bff); // largest finite
        assertThat(bits(HalfFloats.toF16(65520f))).isEqualTo(0x7c00); // rounds up to infinity
        assertThat(bits(HalfFloats.toF16(0x1p-14f))).isEqualTo(0x0400); // smallest normal
        assertThat(bits(HalfFloats.toF16(0x1p-24f))).isEqualTo(0x0001); // smallest subnormal
        assertThat(bits(HalfFloats.toF16(0x1p-25f))).isEqualTo(0x0000); // tie to even: zero
        assertThat(bits(HalfFloats.toF16(0x1.8p-25f))).isEqualTo(0x0001); // above the tie
        assertThat(bits(HalfFloats.toF16(-0.0f))).isEqualTo(0x8000);
        assertThat(bits(HalfFloats.toF16(Float.POSITIVE_INFINITY))).isEqualTo(0x7c00);
        assertThat(bits(HalfFloats.toF16(Float.NEGATIVE_INFINITY))).isEqualTo(0xfc00);
        assertThat(bits(HalfFloats.toF16(1.0f + 0x1p-11f))).isEqualTo(0x3c00); // tie, even stays
        assertThat(bits(HalfFloats.toF16(1.0f + 0x1.8p-10f))).isEqualTo(0x3c02); // tie from odd rounds up
        assertThat(Float.isNaN(HalfFloats.fromF16(HalfFloats.toF16(Float.NaN)))).isTrue();
        assertThat(HalfFloats.fromF16((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfFloats.fromF16((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f);
        assertThat(HalfFloats.fromF16((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void everyF16ValueSurvivesARoundTrip() {
        for (int h = 0; h < 0x10000; h++) {
            float f = HalfFloats.fromF16((short) h);
            if (Float.isNaN(f)) {
                assertThat((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0).isTrue();
                continue;
            }
            assertThat(bits(HalfFloats.toF16(f))).as("0x%04x", h).isEqualTo(h);
        }
    }

    @Test
    void f16NarrowingPicksTheNearestValue() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            float f = (float) (random.nextDouble(-70000, 70000) * Math.pow(2, -random.nextInt(30)));
            float rounded = HalfFloats.fromF16(HalfFloats.toF16(f));
            if (Float.isInfinite(rounded)) {
                assertThat(Math.abs(f)).as("seed %d", seed).isGreaterThanOrEqualTo(65520f);
                continue;
            }
            short h = HalfFloats.toF16(f);
            // the two neighbours in magnitude; zero's other neighbour is the smallest subnormal of the other sign
            int sign = h & 0x8000;
            int magnitude = h & 0x7fff;
            float up = HalfFloats.fromF16((short) (sign | (magnitude + 1)));
            float down = HalfFloats.fromF16((short) (magnitude == 0 ? (sign ^ 0x8000) | 1 : sign | (magnitude - 1)));
            assertThat(Math.abs(rounded - f)).as("seed %d value %s", seed, f)
                    .isLessThanOrEqualTo(Math.abs(up - f)).isLessThanOrEqualTo(Math.abs(down - f));
        }
    }

    @Test
    void bf16KnownBitPatterns() {
        assertThat(bits(HalfFloats.toBf16(1.0f))).isEqualTo(0x3f80);
        assertThat(bits(HalfFloats.toBf16(Float.intBitsToFloat(0x3f808000)))).isEqualTo(0x3f80); // tie, even
        assertThat(bits(HalfFloats.toBf16(Float.intBitsToFloat(0x3f818000)))).isEqualTo(0x3f82); // tie, odd: up
        assertThat(bits(HalfFloats.toBf16(Float.intBitsToFloat(0x3f808001)))).isEqualTo(0x3f81);
        assertThat(bits(HalfFloats.toBf16(Float.MAX_VALUE))).isEqualTo(0x7f80); // overflows to infinity
        assertThat(bits(HalfFloats.toBf16(Float.MIN_VALUE))).isEqualTo(0x0000);
        assertThat(Float.isNaN(HalfFloats.fromBf16(HalfFloats.toBf16(Float.NaN)))).isTrue();
        for (int h = 0; h < 0x10000; h++) {
            float f = HalfFloats.fromBf16((short) h);
            if (!Float.isNaN(f)) {
                assertThat(bits(HalfFloats.toBf16(f))).isEqualTo(h);
            }
        }
    }

    private static int bits(short s) {
        return s & 0xffff;
    }
}

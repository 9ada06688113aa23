package org.hubdex.weightspace.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every dtype's conversion checked against hand-computed bit patterns (zero, negative zero, the
 * smallest and largest subnormals, the largest finite value, infinities, NaN, integer extremes and
 * rounding), the 8-bit float types exhaustively against an independent arithmetic formula, and the
 * bulk paths against element-by-element conversion at odd offsets.
 */
class DtypeConversionsTest {

    private static final Set<Dtype> CONVERTIBLE = EnumSet.of(Dtype.F64, Dtype.F32, Dtype.F16, Dtype.BF16,
            Dtype.F8_E4M3, Dtype.F8_E5M2, Dtype.F8_E8M0, Dtype.I8, Dtype.U8, Dtype.I16, Dtype.U16, Dtype.I32,
            Dtype.U32, Dtype.I64, Dtype.U64);

    @Test
    void everyDtypeIsEitherConvertibleOrHasAReason() {
        for (Dtype dtype : Dtype.values()) {
            assertThat(DtypeConversions.isConvertible(dtype)).as(dtype.name()).isEqualTo(CONVERTIBLE.contains(dtype));
            assertThat(DtypeConversions.unsupportedReason(dtype).isEmpty()).as(dtype.name()).isEqualTo(CONVERTIBLE.contains(dtype));
        }
        assertThat(DtypeConversions.unsupportedReason(Dtype.BOOL)).contains("boolean mask, not a weight");
        assertThat(DtypeConversions.unsupportedReason(Dtype.C64)).contains("complex values have no float32 equivalent");
        assertThat(DtypeConversions.unsupportedReason(Dtype.F4).orElseThrow()).contains("nibble order").contains("block scales");
        assertThat(DtypeConversions.unsupportedReason(Dtype.F6_E2M3).orElseThrow()).contains("does not specify");
        assertThat(DtypeConversions.unsupportedReason(Dtype.F6_E3M2).orElseThrow()).contains("does not specify");
        // every convertible dtype is byte-aligned, which toFloats relies on
        CONVERTIBLE.forEach(d -> assertThat(d.bitSize() % 8).as(d.name()).isZero());
    }

    @Test
    void f32IsCopiedBitForBit() {
        int[] bits = {0x00000000, 0x80000000, 0x00000001, 0x007fffff, 0x00800000, 0x3f800000, 0x7f7fffff, 0xff7fffff,
                0x7f800000, 0xff800000, 0x3dcccccd};
        float[] values = convert(Dtype.F32, le32(bits));
        for (int i = 0; i < bits.length; i++) {
            assertThat(Float.floatToRawIntBits(values[i])).as("0x%08x", bits[i]).isEqualTo(bits[i]);
        }
        assertThat(values[2]).isEqualTo(Float.MIN_VALUE); // smallest subnormal
        assertThat(values[3]).isEqualTo(Float.MIN_NORMAL - Float.MIN_VALUE); // largest subnormal
        assertThat(values[6]).isEqualTo(Float.MAX_VALUE);
        assertThat(Float.isNaN(convert(Dtype.F32, le32(0x7fc00000))[0])).isTrue();
        assertThat(Float.isNaN(convert(Dtype.F32, le32(0xffc00001))[0])).isTrue();
    }

    @Test
    void f64IsRoundedToTheNearestFloat() {
        long[] bits = {
            0x0000000000000000L, // 0
            0x8000000000000000L, // -0
            0x3ff0000000000000L, // 1
            0x3fb999999999999aL, // 0.1 -> float 0x3dcccccd
            0x3ff0000010000000L, // 1 + 2^-24: a tie, 1 is even
            0x3ff0000030000000L, // 1 + 3 * 2^-24: a tie, rounds up to the even 1 + 2^-22
            0x3ff0000010000001L, // just above the tie: 1 + 2^-23
            0x36a0000000000000L, // 2^-149: float's smallest subnormal
            0x3690000000000000L, // 2^-150: a tie with zero, rounds to zero
            0x3690000000000001L, // just above: the smallest subnormal
            0x0000000000000001L, // double's smallest subnormal: zero
            0x8000000000000001L, // its negative: -0
            0x47efffffe0000000L, // Float.MAX_VALUE exactly
            0x47effffff0000000L, // MAX_VALUE + half an ulp: a tie, rounds to the even infinity
            0x7fefffffffffffffL, // Double.MAX_VALUE: infinity
            0x7ff0000000000000L, // +inf
            0xfff0000000000000L, // -inf
        };
        int[] expected = {0x00000000, 0x80000000, 0x3f800000, 0x3dcccccd, 0x3f800000, 0x3f800002, 0x3f800001,
                0x00000001, 0x00000000, 0x00000001, 0x00000000, 0x80000000, 0x7f7fffff, 0x7f800000, 0x7f800000,
                0x7f800000, 0xff800000};
        float[] values = convert(Dtype.F64, le64(bits));
        for (int i = 0; i < bits.length; i++) {
            assertThat(Float.floatToRawIntBits(values[i])).as("0x%016x", bits[i]).isEqualTo(expected[i]);
        }
        assertThat(Float.isNaN(convert(Dtype.F64, le64(0x7ff8000000000000L))[0])).isTrue();
        assertThat(Float.isNaN(convert(Dtype.F64, le64(0x7ff0000000000001L))[0])).isTrue(); // NaN payload lost below float's bits
    }

    @Test
    void f16KnownBitPatterns() {
        int[] halves = {0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0xc000, 0x7bff, 0xfbff, 0x7c00, 0xfc00};
        int[] expected = {0x00000000, 0x80000000, 0x33800000, 0x387fc000, 0x38800000, 0x3f800000, 0xc0000000,
                0x477fe000, 0xc77fe000, 0x7f800000, 0xff800000};
        float[] values = convert(Dtype.F16, le16(halves));
        for (int i = 0; i < halves.length; i++) {
            assertThat(Float.floatToRawIntBits(values[i])).as("0x%04x", halves[i]).isEqualTo(expected[i]);
        }
        assertThat(values[2]).isEqualTo(0x1p-24f); // smallest subnormal
        assertThat(values[3]).isEqualTo(1023 * 0x1p-24f); // largest subnormal
        assertThat(values[7]).isEqualTo(65504f); // largest finite
        assertThat(Float.isNaN(convert(Dtype.F16, le16(0x7e00))[0])).isTrue();
        assertThat(Float.isNaN(convert(Dtype.F16, le16(0xfc01))[0])).isTrue();
    }

    @Test
    void bf16KnownBitPatterns() {
        int[] halves = {0x0000, 0x8000, 0x0001, 0x007f, 0x0080, 0x3f80, 0xbf80, 0x7f7f, 0xff7f, 0x7f80, 0xff80};
        float[] values = convert(Dtype.BF16, le16(halves));
        for (int i = 0; i < halves.length; i++) {
            assertThat(Float.floatToRawIntBits(values[i])).as("0x%04x", halves[i]).isEqualTo(halves[i] << 16);
        }
        assertThat(values[2]).isEqualTo(0x1p-133f); // smallest subnormal
        assertThat(values[3]).isEqualTo(127 * 0x1p-133f); // largest subnormal
        assertThat(values[7]).isEqualTo(0x1.fep127f); // largest finite
        assertThat(Float.isNaN(convert(Dtype.BF16, le16(0x7fc0))[0])).isTrue();
    }

    @Test
    void every16BitValueMatchesHalfFloatsThroughTheBulkPaths() {
        byte[] all = new byte[2 + 2 * 65536]; // starts at an odd offset: no alignment assumed
        for (int h = 0; h < 65536; h++) {
            all[1 + 2 * h] = (byte) h;
            all[2 + 2 * h] = (byte) (h >>> 8);
        }
        float[] f16 = new float[65537];
        float[] bf16 = new float[65537];
        DtypeConversions.toFloats(Dtype.F16, all, 1, f16, 1, 65536);
        DtypeConversions.toFloats(Dtype.BF16, all, 1, bf16, 1, 65536);
        for (int h = 0; h < 65536; h++) {
            assertThat(Float.floatToRawIntBits(f16[1 + h])).as("F16 0x%04x", h)
                    .isEqualTo(Float.floatToRawIntBits(HalfFloats.fromF16((short) h)));
            assertThat(Float.floatToRawIntBits(bf16[1 + h])).as("BF16 0x%04x", h)
                    .isEqualTo(Float.floatToRawIntBits(HalfFloats.fromBf16((short) h)));
        }
    }

    @Test
    void f8E4M3KnownBitPatterns() {
        assertF8(Dtype.F8_E4M3, 0x00, 0f);
        assertF8(Dtype.F8_E4M3, 0x80, -0f);
        assertF8(Dtype.F8_E4M3, 0x01, 0x1p-9f); // smallest subnormal: 1/8 * 2^-6
        assertF8(Dtype.F8_E4M3, 0x07, 7 * 0x1p-9f); // largest subnormal: 0.013671875
        assertF8(Dtype.F8_E4M3, 0x08, 0x1p-6f); // smallest normal
        assertF8(Dtype.F8_E4M3, 0x38, 1f); // 0.0111.000
        assertF8(Dtype.F8_E4M3, 0x3c, 1.5f);
        assertF8(Dtype.F8_E4M3, 0xc0, -2f);
        assertF8(Dtype.F8_E4M3, 0x77, 240f); // 1.875 * 2^7
        assertF8(Dtype.F8_E4M3, 0x78, 256f); // exponent 1111 is finite in the fn variant
        assertF8(Dtype.F8_E4M3, 0x7e, 448f); // largest finite: 1.75 * 2^8
        assertF8(Dtype.F8_E4M3, 0xfe, -448f);
        assertThat(Float.isNaN(f8(Dtype.F8_E4M3, 0x7f))).isTrue(); // S.1111.111 is the only NaN
        assertThat(Float.isNaN(f8(Dtype.F8_E4M3, 0xff))).isTrue();
    }

    @Test
    void everyF8E4M3ValueMatchesTheFormula() {
        float[] values = convert(Dtype.F8_E4M3, allBytes());
        int nans = 0;
        for (int b = 0; b < 256; b++) {
            int s = b >>> 7;
            int e = (b >>> 3) & 0xf;
            int m = b & 0x7;
            if (e == 15 && m == 7) {
                assertThat(Float.isNaN(values[b])).as("0x%02x", b).isTrue();
                nans++;
                continue;
            }
            double magnitude = e == 0 ? (m / 8.0) * Math.pow(2, 1 - 7) : (1 + m / 8.0) * Math.pow(2, e - 7);
            double expected = s == 1 ? -magnitude : magnitude;
            assertThat(Float.floatToRawIntBits(values[b])).as("0x%02x", b).isEqualTo(Float.floatToRawIntBits((float) expected));
            assertThat(Float.isInfinite(values[b])).isFalse();
        }
        assertThat(nans).isEqualTo(2);
    }

    @Test
    void f8E5M2KnownBitPatterns() {
        assertF8(Dtype.F8_E5M2, 0x00, 0f);
        assertF8(Dtype.F8_E5M2, 0x80, -0f);
        assertF8(Dtype.F8_E5M2, 0x01, 0x1p-16f); // smallest subnormal: 1/4 * 2^-14
        assertF8(Dtype.F8_E5M2, 0x03, 3 * 0x1p-16f); // largest subnormal
        assertF8(Dtype.F8_E5M2, 0x04, 0x1p-14f); // smallest normal
        assertF8(Dtype.F8_E5M2, 0x3c, 1f); // 0.01111.00
        assertF8(Dtype.F8_E5M2, 0xc2, -3f); // 1.10000.10: -1.5 * 2
        assertF8(Dtype.F8_E5M2, 0x7b, 57344f); // largest finite: 1.75 * 2^15
        assertF8(Dtype.F8_E5M2, 0xfb, -57344f);
        assertF8(Dtype.F8_E5M2, 0x7c, Float.POSITIVE_INFINITY);
        assertF8(Dtype.F8_E5M2, 0xfc, Float.NEGATIVE_INFINITY);
        for (int nan : new int[] {0x7d, 0x7e, 0x7f, 0xfd, 0xfe, 0xff}) {
            assertThat(Float.isNaN(f8(Dtype.F8_E5M2, nan))).as("0x%02x", nan).isTrue();
        }
    }

    @Test
    void everyF8E5M2ValueMatchesTheFormulaAndTheUpperByteOfABinary16() {
        float[] values = convert(Dtype.F8_E5M2, allBytes());
        for (int b = 0; b < 256; b++) {
            int s = b >>> 7;
            int e = (b >>> 2) & 0x1f;
            int m = b & 0x3;
            float fromHalf = HalfFloats.fromF16((short) (b << 8));
            if (e == 31 && m != 0) {
                assertThat(Float.isNaN(values[b])).as("0x%02x", b).isTrue();
                assertThat(Float.isNaN(fromHalf)).isTrue();
                continue;
            }
            double magnitude = e == 31 ? Double.POSITIVE_INFINITY
                    : e == 0 ? (m / 4.0) * Math.pow(2, 1 - 15) : (1 + m / 4.0) * Math.pow(2, e - 15);
            double expected = s == 1 ? -magnitude : magnitude;
            assertThat(Float.floatToRawIntBits(values[b])).as("0x%02x", b).isEqualTo(Float.floatToRawIntBits((float) expected));
            assertThat(Float.floatToRawIntBits(values[b])).as("0x%02x as binary16", b).isEqualTo(Float.floatToRawIntBits(fromHalf));
        }
    }

    @Test
    void f8E8M0IsAPowerOfTwo() {
        assertF8(Dtype.F8_E8M0, 0x7f, 1f);
        assertF8(Dtype.F8_E8M0, 0x80, 2f);
        assertF8(Dtype.F8_E8M0, 0x7e, 0.5f);
        assertF8(Dtype.F8_E8M0, 0x01, 0x1p-126f); // float32's smallest normal
        assertF8(Dtype.F8_E8M0, 0x00, 0x1p-127f); // below it: a float32 subnormal, still exact
        assertThat(Float.floatToRawIntBits(f8(Dtype.F8_E8M0, 0x00))).isEqualTo(0x00400000);
        assertF8(Dtype.F8_E8M0, 0xfe, 0x1p127f); // largest
        assertThat(Float.isNaN(f8(Dtype.F8_E8M0, 0xff))).isTrue();
        float[] values = convert(Dtype.F8_E8M0, allBytes());
        for (int b = 0; b < 255; b++) {
            assertThat(values[b]).as("0x%02x", b).isEqualTo((float) Math.pow(2, b - 127)).isPositive();
        }
    }

    @Test
    void smallIntegersAreExact() {
        assertThat(convert(Dtype.I8, new byte[] {(byte) 0x80, 0x7f, (byte) 0xff, 0})).containsExactly(-128f, 127f, -1f, 0f);
        assertThat(convert(Dtype.U8, new byte[] {(byte) 0x80, 0x7f, (byte) 0xff, 0})).containsExactly(128f, 127f, 255f, 0f);
        assertThat(convert(Dtype.I16, le16(0x8000, 0x7fff, 0xffff, 0x0100))).containsExactly(-32768f, 32767f, -1f, 256f);
        assertThat(convert(Dtype.U16, le16(0x8000, 0x7fff, 0xffff, 0x0100))).containsExactly(32768f, 32767f, 65535f, 256f);
    }

    @Test
    void thirtyTwoBitIntegersRoundToNearestEven() {
        float[] i32 = convert(Dtype.I32, le32(Integer.MIN_VALUE, Integer.MAX_VALUE, -1, (1 << 24) + 1, (1 << 24) + 3,
                (1 << 24) + 2, -((1 << 24) + 1)));
        assertThat(i32).containsExactly(-0x1p31f, 0x1p31f, -1f, 0x1p24f, 0x1p24f + 4, 0x1p24f + 2, -0x1p24f);
        float[] u32 = convert(Dtype.U32, le32(0xffffffff, 0x80000000, 0x7fffffff, 1 << 24 | 1));
        assertThat(u32).containsExactly(0x1p32f, 0x1p31f, 0x1p31f, 0x1p24f); // never negative
    }

    @Test
    void sixtyFourBitIntegersRoundToNearestEven() {
        float[] i64 = convert(Dtype.I64, le64(Long.MIN_VALUE, Long.MAX_VALUE, -1L, (1L << 24) + 1, (1L << 53) + 1));
        assertThat(i64).containsExactly(-0x1p63f, 0x1p63f, -1f, 0x1p24f, 0x1p53f);
        long twoTo63 = Long.MIN_VALUE; // the bits of 2^63 read as unsigned
        float[] u64 = convert(Dtype.U64, le64(-1L, twoTo63, twoTo63 + (1L << 39), twoTo63 + (1L << 39) + 1,
                twoTo63 + 3 * (1L << 39), Long.MAX_VALUE, 7L));
        // float32's ulp at 2^63 is 2^40, so 2^63 + 2^39 is a tie (to the even 2^63); one more tips it up,
        // which only works if the halving in unsignedToFloat keeps the lost bit
        assertThat(u64).containsExactly(0x1p64f, 0x1p63f, 0x1p63f, 0x1p63f + 0x1p40f, 0x1p63f + 0x1p41f, 0x1p63f, 7f);
    }

    @Test
    void unsignedToFloatAgreesWithBigDecimalRounding() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long v = random.nextLong() | Long.MIN_VALUE; // the upper half: the hard case
            if (random.nextBoolean()) {
                v &= ~((1L << random.nextInt(1, 40)) - 1); // many trailing zeros: ties and near-ties
                v |= random.nextInt(2);
            }
            float expected = new java.math.BigDecimal(Long.toUnsignedString(v)).floatValue();
            assertThat(DtypeConversions.unsignedToFloat(v)).as("seed %d value %s", seed, Long.toUnsignedString(v))
                    .isEqualTo(expected);
        }
    }

    @Test
    void bulkConversionAtOddOffsetsMatchesOneElementAtATime() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (Dtype dtype : CONVERTIBLE) {
            int size = dtype.bitSize() / 8;
            for (int trial = 0; trial < 20; trial++) {
                int count = random.nextInt(0, 40);
                int srcOffset = random.nextInt(0, 9);
                int dstOffset = random.nextInt(0, 5);
                byte[] src = new byte[srcOffset + count * size + random.nextInt(0, 3)];
                random.nextBytes(src);
                float[] bulk = new float[dstOffset + count + 2];
                bulk[dstOffset + count] = 42f; // must survive: nothing written past the range
                DtypeConversions.toFloats(dtype, src, srcOffset, bulk, dstOffset, count);
                for (int i = 0; i < count; i++) {
                    float[] one = new float[1];
                    DtypeConversions.toFloats(dtype, src, srcOffset + i * size, one, 0, 1);
                    assertThat(Float.floatToRawIntBits(bulk[dstOffset + i])).as("seed %d %s element %d", seed, dtype, i)
                            .isEqualTo(Float.floatToRawIntBits(one[0]));
                }
                assertThat(bulk[dstOffset + count]).as("seed %d %s", seed, dtype).isEqualTo(42f);
            }
        }
    }

    @Test
    void rangesAreChecked() {
        float[] dst = new float[4];
        assertThatThrownBy(() -> DtypeConversions.toFloats(Dtype.F32, new byte[15], 0, dst, 0, 4))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> DtypeConversions.toFloats(Dtype.F32, new byte[16], 1, dst, 0, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> DtypeConversions.toFloats(Dtype.U8, new byte[16], 0, dst, 1, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> DtypeConversions.toFloats(Dtype.U8, new byte[16], -1, dst, 0, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> DtypeConversions.toFloats(Dtype.U8, new byte[16], 0, dst, 0, -1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> DtypeConversions.toFloats(Dtype.F64, new byte[16], 0, new float[1], 0, Integer.MAX_VALUE))
                .isInstanceOf(IndexOutOfBoundsException.class);
        DtypeConversions.toFloats(Dtype.F32, new byte[0], 0, new float[0], 0, 0); // empty is fine
    }

    @Test
    void unsupportedDtypesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> DtypeConversions.toFloats(Dtype.BOOL, new byte[1], 0, new float[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOOL").hasMessageContaining("boolean mask");
        assertThatThrownBy(() -> DtypeConversions.toFloats(Dtype.C64, new byte[8], 0, new float[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("complex");
    }

    private static void assertF8(Dtype dtype, int bits, float expected) {
        assertThat(Float.floatToRawIntBits(f8(dtype, bits))).as("%s 0x%02x", dtype, bits).isEqualTo(Float.floatToRawIntBits(expected));
    }

    private static float f8(Dtype dtype, int bits) {
        return convert(dtype, new byte[] {(byte) bits})[0];
    }

    private static float[] convert(Dtype dtype, byte[] bytes) {
        float[] out = new float[bytes.length / (dtype.bitSize() / 8)];
        DtypeConversions.toFloats(dtype, bytes, 0, out, 0, out.length);
        return out;
    }

    private static byte[] allBytes() {
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        return all;
    }

    private static byte[] le16(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putShort((short) v);
        }
        return buffer.array();
    }

    private static byte[] le32(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        return buffer.array();
    }

    private static byte[] le64(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }
}

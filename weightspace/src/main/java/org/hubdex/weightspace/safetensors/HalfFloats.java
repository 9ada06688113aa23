package org.hubdex.weightspace.safetensors;

/**
 * Conversions between float32 and the two 16-bit float formats safetensors stores: IEEE 754
 * binary16 ({@link Dtype#F16}) and bfloat16 ({@link Dtype#BF16}). Narrowing rounds to nearest,
 * ties to even, like PyTorch's {@code .half()} and {@code .bfloat16()}; overflow becomes infinity,
 * NaN stays a (quiet) NaN, and F16 subnormals are produced and read exactly. Widening is exact.
 *
 * <p>Java 17 has no {@code Float.floatToFloat16}, hence these few lines of bit arithmetic.
 */
public final class HalfFloats {

    private HalfFloats() {
    }

    /** The binary16 bits nearest to {@code value}. */
    public static short toF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            // infinity keeps a zero mantissa; NaN is made quiet so a payload cut to 10 bits stays NaN
            return (short) (sign | 0x7c00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to zero
            }
            int full = mantissa | 0x800000; // the implicit leading 1
            int shift = 14 - halfExponent;
            return (short) (sign | roundShift(full, shift));
        }
        // normal: rounding may carry into the exponent, and from the largest finite value to infinity
        return (short) ((sign | (halfExponent << 10)) + roundShift(mantissa, 13));
    }

    /** The float32 value of binary16 bits {@code half} (exact). */
    public static float fromF16(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal (or zero): exact in float32
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** The bfloat16 bits nearest to {@code value}. */
    public static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** The float32 value of bfloat16 bits {@code bf16} (exact). */
    public static float fromBf16(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /** {@code value >>> shift}, rounded to nearest with ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int remainder = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (remainder > halfway || (remainder == halfway && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }
}

package org.hubdex.weightspace.safetensors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Decodes the little-endian elements of every safetensors dtype that has a float32 meaning into
 * float32, in bulk. The weight tokenizer calls {@link #toFloats} on every window of every tensor, so
 * this is the one place that knows the bit layouts.
 *
 * <p>What each dtype becomes:
 * <ul>
 *   <li>{@code F32}: copied bit for bit. {@code F16}, {@code BF16}: exact (every value is a float32).
 *   <li>{@code F8_E4M3} (ml_dtypes {@code float8_e4m3fn}: bias 7, subnormals, no infinities,
 *       {@code S.1111.111} is NaN), {@code F8_E5M2} (bias 15, IEEE-like with infinities and NaN,
 *       subnormals), {@code F8_E8M0} (ml_dtypes {@code float8_e8m0fnu}: the MX block scale, unsigned
 *       exponent only, {@code 2^(e-127)}, {@code 0xFF} is NaN): exact, through 256-entry tables built
 *       once from the bit-level definitions.
 *   <li>{@code F64}: rounded to the nearest float32, ties to even; beyond float32's range it becomes
 *       an infinity, below half the smallest subnormal a (signed) zero.
 *   <li>{@code I8}, {@code U8}, {@code I16}, {@code U16}: exact. {@code I32}, {@code U32},
 *       {@code I64}, {@code U64} (read as unsigned): rounded to the nearest float32, ties to even, so
 *       {@code 2^24 + 1} becomes {@code 2^24} and {@code U64} max becomes {@code 2^64}.
 * </ul>
 * The other dtypes have no float32 reading the tokenizer could trust; {@link #unsupportedReason}
 * says why, in words fit for a "skipped" log line:
 * <ul>
 *   <li>{@code BOOL}: a mask, not a weight. {@code C64}: a complex number is two floats, not one.
 *   <li>{@code F4}, {@code F6_E2M3}, {@code F6_E3M2}: microscaling (MX) elements packed below one byte
 *       per value. The safetensors format records only their bit width: it does not say which nibble
 *       of a byte holds the first F4 element (PyTorch's {@code float4_e2m1fn_x2} is a bits-only type
 *       and libraries differ), nor how four 6-bit values are laid out in three bytes. And an MX
 *       element means nothing without the block scale stored in a separate tensor, so decoding one
 *       alone would yield numbers off by an unknown power of two per block.
 * </ul>
 *
 * <p>Speed: F32 is one bulk copy through a little-endian {@code FloatBuffer} view (an intrinsic
 * memory copy on little-endian machines), BF16 a shift per element reading four elements per
 * 64-bit load, F16 and the 8-bit float types one table lookup (F16's 65,536-entry table is built
 * on first use), the rest a {@link VarHandle} load and a conversion per element; nothing allocates
 * per element. BF16 is bound by its stores: it writes twice the bytes it reads, one scalar store per
 * element (Java 17 has no stable vector API), and runs at about 0.4x a byte copy of its input.
 *
 * <p>Stateless and thread-safe.
 */
public final class DtypeConversions {

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    /** A quiet NaN; the 8-bit formats carry no payload worth keeping. */
    private static final int QUIET_NAN_BITS = 0x7fc00000;

    private static final float[] F8_E4M3_VALUES = e4m3Table();
    private static final float[] F8_E5M2_VALUES = e5m2Table();
    private static final float[] F8_E8M0_VALUES = e8m0Table();

    private DtypeConversions() {
    }

    /**
     * Why {@code dtype} has no float32 reading, or empty when {@link #toFloats} converts it. The
     * reason is a short phrase such as "boolean mask, not a weight", meant for the tokenizer's log of
     * skipped tensors.
     */
    public static Optional<String> unsupportedReason(Dtype dtype) {
        return switch (dtype) {
            case BOOL -> Optional.of("boolean mask, not a weight");
            case C64 -> Optional.of("complex values have no float32 equivalent");
            case F4 -> Optional.of("MXFP4 values packed two per byte: the format does not fix the nibble order,"
                    + " and the values mean nothing without their block scales");
            case F6_E2M3, F6_E3M2 -> Optional.of("MXFP6 values packed four per three bytes in a layout the format"
                    + " does not specify, and meaningless without their block scales");
            default -> Optional.empty();
        };
    }

    /** True when {@link #toFloats} converts {@code dtype} (when {@link #unsupportedReason} is empty). */
    public static boolean isConvertible(Dtype dtype) {
        return unsupportedReason(dtype).isEmpty();
    }

    /**
     * Decodes {@code count} little-endian elements of {@code dtype} from {@code src}, starting at byte
     * {@code srcOffset}, into {@code dst[dstOffset .. dstOffset + count)}. Every convertible dtype is
     * byte-aligned, so the source span is {@code count * dtype.bitSize() / 8} bytes; it needs no
     * particular alignment.
     *
     * @throws IllegalArgumentException when {@code dtype} is not convertible (the message gives
     *     {@link #unsupportedReason})
     * @throws IndexOutOfBoundsException when either span lies outside its array, or {@code count < 0}
     */
    public static void toFloats(Dtype dtype, byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        Optional<String> unsupported = unsupportedReason(dtype);
        if (unsupported.isPresent()) {
            throw new IllegalArgumentException(dtype + " cannot be converted to float32: " + unsupported.get());
        }
        int size = dtype.bitSize() / 8;
        if (count < 0 || dstOffset < 0 || dstOffset > dst.length - count) {
            throw new IndexOutOfBoundsException("cannot write " + count + " floats at " + dstOffset
                    + " into an array of " + dst.length);
        }
        if (srcOffset < 0 || (long) count * size > src.length - srcOffset) {
            throw new IndexOutOfBoundsException("cannot read " + count + " " + dtype + " elements (" + (long) count * size
                    + " bytes) at " + srcOffset + " from an array of " + src.length + " bytes");
        }
        switch (dtype) {
            case F32 -> ByteBuffer.wrap(src, srcOffset, count * 4).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(dst, dstOffset, count);
            case BF16 -> bf16(src, srcOffset, dst, dstOffset, count);
            case F16 -> {
                float[] table = F16Table.VALUES;
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = table[(short) SHORT_LE.get(src, srcOffset + 2 * i) & 0xffff];
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) (double) DOUBLE_LE.get(src, srcOffset + 8 * i);
                }
            }
            case F8_E4M3 -> lookup(F8_E4M3_VALUES, src, srcOffset, dst, dstOffset, count);
            case F8_E5M2 -> lookup(F8_E5M2_VALUES, src, srcOffset, dst, dstOffset, count);
            case F8_E8M0 -> lookup(F8_E8M0_VALUES, src, srcOffset, dst, dstOffset, count);
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src[srcOffset + i];
                }
            }
            case U8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = src[srcOffset + i] & 0xff;
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (short) SHORT_LE.get(src, srcOffset + 2 * i);
                }
            }
            case U16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (short) SHORT_LE.get(src, srcOffset + 2 * i) & 0xffff;
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (int) INT_LE.get(src, srcOffset + 4 * i);
                }
            }
            case U32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (int) INT_LE.get(src, srcOffset + 4 * i) & 0xffffffffL;
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (long) LONG_LE.get(src, srcOffset + 8 * i);
                }
            }
            case U64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = unsignedToFloat((long) LONG_LE.get(src, srcOffset + 8 * i));
                }
            }
            default -> throw new AssertionError("convertible dtype without a decoder: " + dtype);
        }
    }

    /** The float32 nearest to {@code value} read as an unsigned 64-bit integer, ties to even. */
    static float unsignedToFloat(long value) {
        if (value >= 0) {
            return value;
        }
        // Halve, keeping the lost bit as a sticky bit: float32 keeps 24 of the 63 remaining bits, so
        // the sticky bit sits far below the rounding position and rounds the half exactly as the whole.
        return ((value >>> 1) | (value & 1)) * 2f;
    }

    /**
     * The same as {@link #toFloats(Dtype, byte[], int, float[], int, int)} from a little-endian buffer (its
     * position and order are ignored; {@code srcOffset} is absolute): a mapped file is decoded in place.
     */
    public static void toFloats(Dtype dtype, ByteBuffer src, int srcOffset, float[] dst, int dstOffset, int count) {
        if (src.hasArray()) {
            toFloats(dtype, src.array(), src.arrayOffset() + srcOffset, dst, dstOffset, count);
            return;
        }
        ByteBuffer le = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> le.position(srcOffset).asFloatBuffer().get(dst, dstOffset, count);
            case BF16 -> {
                int pairs = count >>> 1;
                for (int i = 0; i < pairs; i++) {
                    int two = le.getInt(srcOffset + 4 * i);
                    dst[dstOffset + 2 * i] = Float.intBitsToFloat(two << 16);
                    dst[dstOffset + 2 * i + 1] = Float.intBitsToFloat(two & 0xffff0000);
                }
                if ((count & 1) != 0) {
                    dst[dstOffset + count - 1] = Float.intBitsToFloat(le.getShort(srcOffset + 2 * (count - 1)) << 16);
                }
            }
            default -> {
                // the other dtypes through the array decoder, a bounded chunk at a time
                int width = Math.max(1, dtype.bitSize() / 8);
                int perChunk = Math.max(1, (64 * 1024) / width);
                byte[] chunk = new byte[Math.min(count, perChunk) * width];
                for (int done = 0; done < count; done += perChunk) {
                    int n = Math.min(perChunk, count - done);
                    le.get(srcOffset + done * width, chunk, 0, n * width);
                    toFloats(dtype, chunk, 0, dst, dstOffset + done, n);
                }
            }
        }
    }

    private static void bf16(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        // A bfloat16 is the upper half of a float32. One 64-bit load holds four elements, the first in
        // its lowest 16 bits; each int half holds two, the second already in float32 position.
        int quads = count >>> 2;
        for (int i = 0; i < quads; i++) {
            long four = (long) LONG_LE.get(src, srcOffset + 8 * i);
            int low = (int) four;
            int high = (int) (four >>> 32);
            int d = dstOffset + 4 * i;
            dst[d] = Float.intBitsToFloat(low << 16);
            dst[d + 1] = Float.intBitsToFloat(low & 0xffff0000);
            dst[d + 2] = Float.intBitsToFloat(high << 16);
            dst[d + 3] = Float.intBitsToFloat(high & 0xffff0000);
        }
        for (int i = quads * 4; i < count; i++) {
            dst[dstOffset + i] = Float.intBitsToFloat(((short) SHORT_LE.get(src, srcOffset + 2 * i) & 0xffff) << 16);
        }
    }

    private static void lookup(float[] table, byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = table[src[srcOffset + i] & 0xff];
        }
    }

    /**
     * Every binary16 value as float32, from {@link HalfFloats#fromF16}: one 256 KiB lookup is four times
     * faster than the branches on exponent 0 and 31. A holder class, so only F16 readers build it.
     */
    private static final class F16Table {
        static final float[] VALUES = new float[1 << 16];

        static {
            for (int h = 0; h < VALUES.length; h++) {
                VALUES[h] = HalfFloats.fromF16((short) h);
            }
        }
    }

    /** {@code float8_e4m3fn}: S.EEEE.MMM, bias 7; exponent 0 is subnormal; S.1111.111 is NaN; no infinities. */
    private static float[] e4m3Table() {
        float[] table = new float[256];
        for (int b = 0; b < 256; b++) {
            int sign = (b & 0x80) << 24;
            int exponent = (b >>> 3) & 0xf;
            int mantissa = b & 0x7;
            int bits;
            if (exponent == 0xf && mantissa == 0x7) {
                bits = sign | QUIET_NAN_BITS;
            } else if (exponent == 0) {
                bits = sign | subnormalBits(mantissa, 3, 1 - 7);
            } else {
                bits = sign | ((exponent - 7 + 127) << 23) | (mantissa << (23 - 3));
            }
            table[b] = Float.intBitsToFloat(bits);
        }
        return table;
    }

    /** {@code float8_e5m2}: S.EEEEE.MM, bias 15, IEEE 754 rules (the upper byte of a binary16). */
    private static float[] e5m2Table() {
        float[] table = new float[256];
        for (int b = 0; b < 256; b++) {
            int sign = (b & 0x80) << 24;
            int exponent = (b >>> 2) & 0x1f;
            int mantissa = b & 0x3;
            int bits;
            if (exponent == 0x1f) {
                bits = sign | (mantissa == 0 ? 0x7f800000 : QUIET_NAN_BITS);
            } else if (exponent == 0) {
                bits = sign | subnormalBits(mantissa, 2, 1 - 15);
            } else {
                bits = sign | ((exponent - 15 + 127) << 23) | (mantissa << (23 - 2));
            }
            table[b] = Float.intBitsToFloat(bits);
        }
        return table;
    }

    /** {@code float8_e8m0fnu}: EEEEEEEE, bias 127, no sign, no mantissa; 0xFF is NaN. */
    private static float[] e8m0Table() {
        float[] table = new float[256];
        for (int b = 0; b < 256; b++) {
            int bits;
            if (b == 0xff) {
                bits = QUIET_NAN_BITS;
            } else if (b == 0) {
                bits = 1 << 22; // 2^-127 is below float32's smallest normal: the subnormal 2^22 * 2^-149
            } else {
                bits = b << 23; // the same biased exponent as float32, an empty mantissa
            }
            table[b] = Float.intBitsToFloat(bits);
        }
        return table;
    }

    /**
     * The float32 bits (sign excluded) of the subnormal {@code mantissa * 2^(minExponent - mantissaBits)}
     * of a small format, which is a normal float32: shift the leading one into the implicit position.
     */
    private static int subnormalBits(int mantissa, int mantissaBits, int minExponent) {
        if (mantissa == 0) {
            return 0;
        }
        int lead = 31 - Integer.numberOfLeadingZeros(mantissa); // position of the leading one
        int exponent = minExponent - mantissaBits + lead;
        int fraction = (mantissa - (1 << lead)) << (23 - lead);
        return ((exponent + 127) << 23) | fraction;
    }
}

package org.hubdex.weightspace.safetensors;

/**
 * The element types a safetensors header may name, with their size in bits. The names are the
 * format's own (as written in the header's {@code dtype} field).
 */
public enum Dtype {
    BOOL(8), F4(4), F6_E2M3(6), F6_E3M2(6), U8(8), I8(8), F8_E5M2(8), F8_E4M3(8), F8_E8M0(8),
    I16(16), U16(16), F16(16), BF16(16), I32(32), U32(32), F32(32), C64(64), F64(64), I64(64), U64(64);

    private final int bitSize;

    Dtype(int bitSize) {
        this.bitSize = bitSize;
    }

    /** Bits per element; sub-byte types (F4, F6) pack several elements per byte. */
    public int bitSize() {
        return bitSize;
    }

    /** True for the floating-point types a tokenizer turns into float32 values. */
    public boolean isFloatingPoint() {
        return switch (this) {
            case F4, F6_E2M3, F6_E3M2, F8_E5M2, F8_E4M3, F8_E8M0, F16, BF16, F32, F64 -> true;
            default -> false;
        };
    }

    /**
     * The byte length of {@code numel} elements, or -1 when the elements do not fill whole bytes
     * (a sub-byte tensor whose bit count is not a multiple of 8), or on overflow.
     */
    public long byteLength(long numel) {
        if (numel < 0 || numel > Long.MAX_VALUE / bitSize) {
            return -1;
        }
        long bits = numel * bitSize;
        return bits % 8 == 0 ? bits / 8 : -1;
    }

    /** The dtype named {@code name} exactly as the format spells it. */
    public static Dtype parse(String name, String resource) {
        for (Dtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        throw new UnknownDtypeException(resource, "unknown dtype '" + name + "'; expected one of "
                + java.util.Arrays.toString(values()));
    }
}

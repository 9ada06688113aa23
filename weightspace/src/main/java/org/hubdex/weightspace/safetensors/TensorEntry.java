package org.hubdex.weightspace.safetensors;

import java.util.Arrays;

/**
 * One tensor named in a safetensors header: its dtype, shape (row-major) and byte range
 * {@code [begin, end)} relative to the start of the data buffer (byte {@code 8 + N} of the file).
 */
public record TensorEntry(String name, Dtype dtype, long[] shape, long begin, long end) {

    public TensorEntry {
        shape = shape.clone();
    }

    /** Number of elements: the product of the shape (1 for a scalar, 0 when a dimension is 0). */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Length of the tensor's data in bytes ({@code end - begin}). */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Long.hashCode(begin);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
    }
}

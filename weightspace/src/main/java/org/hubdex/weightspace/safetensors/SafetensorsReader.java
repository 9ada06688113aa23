package org.hubdex.weightspace.safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

/**
 * Reads safetensors files through a {@link ByteRangeSource}: the header alone with one ranged read
 * (two when the header is longer than the first read), then only the byte ranges of the tensors
 * asked for. A model on a remote hub is thus described without downloading its weights.
 *
 * <p>Order of checks, so that a hostile file costs nothing: the 8-byte prefix, the header length
 * against {@link SafetensorsLimits#maxHeaderLength()} before anything is allocated, then the header
 * ({@link SafetensorsHeader#parse}), then the file length when the source knows it. A file shorter
 * than its header says is {@link TruncatedSafetensorsException}; a longer one
 * {@link FileLengthMismatchException}. Stateless and thread-safe (sources may not be).
 */
public final class SafetensorsReader {

    /** The longest array the JVM reliably allocates. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private SafetensorsReader() {
    }

    /** Reads and validates the header with {@link SafetensorsLimits#DEFAULT}. */
    public static SafetensorsHeader readHeader(ByteRangeSource source) {
        return readHeader(source, SafetensorsLimits.DEFAULT);
    }

    /** Reads and validates the header: one read of {@code firstReadLength} bytes, a second for the rest of a longer header. */
    public static SafetensorsHeader readHeader(ByteRangeSource source, SafetensorsLimits limits) {
        String resource = source.resource();
        byte[] first = read(source, 0, limits.firstReadLength());
        if (first.length < 8) {
            throw new TruncatedSafetensorsException(resource, "file has " + first.length
                    + " bytes, fewer than the 8-byte header length prefix");
        }
        long headerLength = ByteBuffer.wrap(first, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > limits.maxHeaderLength()) {
            throw new HeaderTooLargeException(resource, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the cap of " + limits.maxHeaderLength() + " bytes");
        }
        OptionalLong fileLength = source.length();
        if (fileLength.isPresent() && 8 + headerLength > fileLength.getAsLong()) {
            throw new TruncatedSafetensorsException(resource, "header length " + headerLength + " needs a file of at least "
                    + (8 + headerLength) + " bytes, the file has " + fileLength.getAsLong());
        }
        byte[] header = new byte[(int) headerLength];
        int inFirst = (int) Math.min(headerLength, first.length - 8);
        System.arraycopy(first, 8, header, 0, inFirst);
        if (inFirst < headerLength) {
            if (first.length < limits.firstReadLength()) {
                throw truncatedHeader(resource, headerLength, inFirst);
            }
            byte[] rest = read(source, 8L + inFirst, (int) (headerLength - inFirst));
            if (rest.length < headerLength - inFirst) {
                throw truncatedHeader(resource, headerLength, inFirst + rest.length);
            }
            System.arraycopy(rest, 0, header, inFirst, rest.length);
        }
        SafetensorsHeader parsed = SafetensorsHeader.parse(header, resource);
        if (fileLength.isPresent()) {
            long actual = fileLength.getAsLong();
            if (actual < parsed.fileLength()) {
                throw new TruncatedSafetensorsException(resource, "the header describes a file of " + parsed.fileLength()
                        + " bytes, the file has only " + actual);
            }
            if (actual > parsed.fileLength()) {
                throw new FileLengthMismatchException(resource, "the header describes a file of " + parsed.fileLength()
                        + " bytes, the file has " + actual + " (trailing bytes)");
            }
        }
        return parsed;
    }

    /** The raw little-endian bytes of one tensor: only its byte range is read. */
    public static byte[] readTensorBytes(ByteRangeSource source, SafetensorsHeader header, String tensorName) {
        TensorEntry tensor = tensor(source, header, tensorName);
        if (tensor.byteLength() > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(source.resource() + ": tensor '" + tensorName + "' has "
                    + tensor.byteLength() + " bytes, more than one array can hold; read it in windows");
        }
        byte[] bytes = read(source, header.dataStart() + tensor.begin(), (int) tensor.byteLength());
        if (bytes.length < tensor.byteLength()) {
            throw new TruncatedSafetensorsException(source.resource(), "tensor '" + tensorName + "' needs "
                    + tensor.byteLength() + " bytes at offset " + (header.dataStart() + tensor.begin())
                    + ", the file ended after " + bytes.length);
        }
        return bytes;
    }

    /**
     * One tensor's values as float32, converted by {@link DtypeConversions}; only its byte range is
     * read. Tensors of more than {@code Integer.MAX_VALUE - 8} elements do not fit one array: read them
     * in windows with {@link #readFloats(ByteRangeSource, SafetensorsHeader, String, long, int)}.
     *
     * @throws UnsupportedDtypeException when the dtype has no float32 reading (BOOL, C64, F4, F6_*),
     *     before anything is read
     * @throws TruncatedSafetensorsException when the source ends inside the tensor
     */
    public static float[] readFloats(ByteRangeSource source, SafetensorsHeader header, String tensorName) {
        TensorEntry tensor = tensor(source, header, tensorName);
        checkConvertible(source, tensor);
        long numel = tensor.numel();
        if (numel > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(source.resource() + ": tensor '" + tensorName + "' has " + numel
                    + " elements, more than one array can hold; read it in windows with"
                    + " readFloats(source, header, name, first, count)");
        }
        return readFloats(source, header, tensor, 0, (int) numel);
    }

    /**
     * Elements {@code [first, first + count)} of one tensor (in row-major order) as float32, reading
     * only their bytes: {@code count * dtype.bitSize() / 8} bytes at {@code dataStart + begin + first *
     * dtype.bitSize() / 8}. This is how the tokenizer walks a large tensor window by window, or samples
     * it, without fetching the rest.
     *
     * @throws UnsupportedDtypeException when the dtype has no float32 reading, before anything is read
     * @throws IndexOutOfBoundsException when the range is not inside the tensor
     * @throws IllegalArgumentException when {@code count} elements need more bytes than one array holds
     * @throws TruncatedSafetensorsException when the source ends inside the range
     */
    public static float[] readFloats(ByteRangeSource source, SafetensorsHeader header, String tensorName, long first, int count) {
        TensorEntry tensor = tensor(source, header, tensorName);
        checkConvertible(source, tensor);
        return readFloats(source, header, tensor, first, count);
    }

    private static float[] readFloats(ByteRangeSource source, SafetensorsHeader header, TensorEntry tensor, long first, int count) {
        long numel = tensor.numel();
        if (first < 0 || count < 0 || first > numel - count) {
            throw new IndexOutOfBoundsException(source.resource() + ": cannot read " + count + " elements from element "
                    + first + " of tensor '" + tensor.name() + "', which has " + numel);
        }
        int size = tensor.dtype().bitSize() / 8;
        long byteLength = (long) count * size;
        if (byteLength > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(source.resource() + ": " + count + " elements of tensor '" + tensor.name()
                    + "' are " + byteLength + " bytes, more than one array can hold; read fewer at a time");
        }
        long offset = header.dataStart() + tensor.begin() + first * size;
        byte[] bytes = read(source, offset, (int) byteLength);
        if (bytes.length < byteLength) {
            throw new TruncatedSafetensorsException(source.resource(), "elements [" + first + ", " + (first + count)
                    + ") of tensor '" + tensor.name() + "' need " + byteLength + " bytes at offset " + offset
                    + ", the file ended after " + bytes.length);
        }
        float[] values = new float[count];
        DtypeConversions.toFloats(tensor.dtype(), bytes, 0, values, 0, count);
        return values;
    }

    private static TensorEntry tensor(ByteRangeSource source, SafetensorsHeader header, String tensorName) {
        return header.tensor(tensorName).orElseThrow(() -> new IllegalArgumentException(
                source.resource() + " has no tensor '" + tensorName + "'"));
    }

    private static void checkConvertible(ByteRangeSource source, TensorEntry tensor) {
        DtypeConversions.unsupportedReason(tensor.dtype()).ifPresent(reason -> {
            throw new UnsupportedDtypeException(source.resource(), tensor.name(), tensor.dtype(), reason);
        });
    }

    private static TruncatedSafetensorsException truncatedHeader(String resource, long headerLength, long got) {
        return new TruncatedSafetensorsException(resource, "header length is " + headerLength + " bytes but the file ends after "
                + got + " of them");
    }

    private static byte[] read(ByteRangeSource source, long offset, int length) {
        try {
            return source.read(offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + length + " bytes at offset " + offset + " of " + source.resource(), e);
        }
    }
}

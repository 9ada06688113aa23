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
        TensorEntry tensor = header.tensor(tensorName).orElseThrow(() -> new IllegalArgumentException(
                source.resource() + " has no tensor '" + tensorName + "'"));
        if (tensor.byteLength() > Integer.MAX_VALUE - 8) {
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

    /** One tensor's values as float32; supports F32, F16, BF16 and F64 (the other dtypes come with the tokenizer). */
    public static float[] readFloats(ByteRangeSource source, SafetensorsHeader header, String tensorName) {
        TensorEntry tensor = header.tensor(tensorName).orElseThrow(() -> new IllegalArgumentException(
                source.resource() + " has no tensor '" + tensorName + "'"));
        ByteBuffer buffer = ByteBuffer.wrap(readTensorBytes(source, header, tensorName)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[Math.toIntExact(tensor.numel())];
        switch (tensor.dtype()) {
            case F32 -> buffer.asFloatBuffer().get(values);
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = HalfFloats.fromF16(buffer.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = HalfFloats.fromBf16(buffer.getShort(2 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) buffer.getDouble(8 * i);
                }
            }
            default -> throw new IllegalArgumentException(source.resource() + ": tensor '" + tensorName + "' is "
                    + tensor.dtype() + "; readFloats supports F32, F16, BF16 and F64");
        }
        return values;
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

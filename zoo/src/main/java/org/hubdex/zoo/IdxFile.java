package org.hubdex.zoo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file (the MNIST family's format), read directly: two zero bytes, an element-type byte, the number
 * of dimensions, each dimension as a big-endian 32-bit integer, then the elements in row-major order. Only
 * unsigned bytes (type {@code 0x08}, what images and labels use) are supported. A gzip-compressed file is
 * recognized by its magic number and inflated.
 *
 * <p>Immutable in intent: the arrays are not copied, so callers must not modify them. Thread-safe to read.
 *
 * @param dimensions the size of each dimension (e.g. {@code [60000, 28, 28]} for images)
 * @param data the elements, unsigned bytes in row-major order
 * @param resource where the file came from, for messages
 */
public record IdxFile(int[] dimensions, byte[] data, String resource) {

    /** Element type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** Reads {@code file}, gzip-compressed or not. */
    public static IdxFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetUnavailableException("IDX file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX file " + file, e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * Parses IDX content; {@code bytes} may be gzip-compressed.
     *
     * @throws MalformedIdxException if the content breaks the format
     */
    public static IdxFile parse(byte[] bytes, String resource) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            bytes = gunzip(bytes, resource);
        }
        if (bytes.length < 4) {
            throw new MalformedIdxException(resource, "expected at least the 4-byte magic number, got " + bytes.length + " bytes");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new MalformedIdxException(resource, String.format(
                    "expected the magic number to start with two zero bytes, got 0x%02x 0x%02x", bytes[0] & 0xff, bytes[1] & 0xff));
        }
        int type = bytes[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new MalformedIdxException(resource, String.format(
                    "expected element type 0x08 (unsigned byte), got 0x%02x (not supported)", type));
        }
        int rank = bytes[3] & 0xff;
        if (rank < 1) {
            throw new MalformedIdxException(resource, "expected at least one dimension, got 0");
        }
        int headerLength = 4 + 4 * rank;
        if (bytes.length < headerLength) {
            throw new MalformedIdxException(resource, "expected a " + headerLength + "-byte header for " + rank
                    + " dimensions, got " + bytes.length + " bytes");
        }
        int[] dimensions = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            int at = 4 + 4 * i;
            dimensions[i] = ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                    | (bytes[at + 3] & 0xff);
            if (dimensions[i] < 0) {
                throw new MalformedIdxException(resource, "dimension " + i + " is negative: " + dimensions[i]);
            }
            elements *= dimensions[i];
            if (elements > Integer.MAX_VALUE - 8) {
                throw new MalformedIdxException(resource, "dimensions " + Arrays.toString(Arrays.copyOf(dimensions, i + 1))
                        + " hold more elements than a Java array can");
            }
        }
        long expected = headerLength + elements;
        if (bytes.length != expected) {
            throw new MalformedIdxException(resource, "dimensions " + Arrays.toString(dimensions) + " need " + expected
                    + " bytes, got " + bytes.length + (bytes.length < expected ? " (truncated)" : " (trailing bytes)"));
        }
        return new IdxFile(dimensions, Arrays.copyOfRange(bytes, headerLength, bytes.length), resource);
    }

    /** The number of elements along the first dimension (images or labels). */
    public int count() {
        return dimensions[0];
    }

    private static byte[] gunzip(byte[] bytes, String resource) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new MalformedIdxException(resource, "gzip data is corrupt: " + e.getMessage());
        }
    }
}

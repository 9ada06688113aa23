package org.hubdex.weightspace.safetensors;

/**
 * Caps applied when reading a header: the largest header length accepted (checked before any
 * allocation) and the size of the first ranged read, which holds the whole header of almost every
 * real model so one request suffices.
 *
 * @param maxHeaderLength largest accepted header length N, in bytes
 * @param firstReadLength bytes fetched by the first read (the hub clients ask for {@code bytes=0-100000})
 */
public record SafetensorsLimits(long maxHeaderLength, int firstReadLength) {

    /** The format's own cap (100,000,000 bytes) and a first read of 100,001 bytes. */
    public static final SafetensorsLimits DEFAULT = new SafetensorsLimits(100_000_000L, 100_001);

    public SafetensorsLimits {
        if (maxHeaderLength < 2) {
            throw new IllegalArgumentException("maxHeaderLength must allow at least '{}', got " + maxHeaderLength);
        }
        if (firstReadLength < 8) {
            throw new IllegalArgumentException("firstReadLength must cover the 8-byte length prefix, got " + firstReadLength);
        }
    }

    /** A copy with another header cap (the Python clients use 25,000,000). */
    public SafetensorsLimits withMaxHeaderLength(long max) {
        return new SafetensorsLimits(max, firstReadLength);
    }
}

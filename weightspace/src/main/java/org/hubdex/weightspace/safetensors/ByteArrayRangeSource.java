package org.hubdex.weightspace.safetensors;

import java.util.Arrays;
import java.util.OptionalLong;

/** {@link ByteRangeSource} over an array already in memory. */
final class ByteArrayRangeSource implements ByteRangeSource {

    private final byte[] bytes;
    private final String resource;
    private long bytesRead;

    ByteArrayRangeSource(byte[] bytes, String resource) {
        this.bytes = bytes;
        this.resource = resource;
    }

    @Override
    public byte[] read(long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        if (offset >= bytes.length) {
            return new byte[0];
        }
        int end = (int) Math.min(bytes.length, offset + length);
        bytesRead += end - offset;
        return Arrays.copyOfRange(bytes, (int) offset, end);
    }

    @Override
    public OptionalLong length() {
        return OptionalLong.of(bytes.length);
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public String resource() {
        return resource;
    }

    @Override
    public void close() {
    }
}

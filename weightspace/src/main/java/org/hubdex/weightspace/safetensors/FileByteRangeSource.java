package org.hubdex.weightspace.safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * {@link ByteRangeSource} over a local file, with positional reads (no shared file pointer, so
 * concurrent reads are safe; the byte counter is approximate under concurrency).
 */
public final class FileByteRangeSource implements ByteRangeSource {

    private final FileChannel channel;
    private final String resource;
    private volatile long bytesRead;

    private FileByteRangeSource(FileChannel channel, String resource) {
        this.channel = channel;
        this.resource = resource;
    }

    /** Opens {@code file} for reading. */
    public static FileByteRangeSource open(Path file) {
        try {
            return new FileByteRangeSource(FileChannel.open(file, StandardOpenOption.READ), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    @Override
    public byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        long available = Math.max(0, channel.size() - offset);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, offset + buffer.position());
            if (n < 0) {
                break;
            }
        }
        bytesRead += buffer.position();
        return buffer.position() == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    @Override
    public OptionalLong length() {
        try {
            return OptionalLong.of(channel.size());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
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
    public void close() throws IOException {
        channel.close();
    }
}

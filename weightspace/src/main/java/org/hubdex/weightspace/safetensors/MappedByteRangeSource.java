package org.hubdex.weightspace.safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ByteRangeSource} over a local file mapped into memory read-only: a read is a copy out of the
 * page cache, with no system call once the pages are resident. This is the source for tokenizing
 * large local files, where {@link FileByteRangeSource} pays a positional read per window.
 *
 * <p>One {@link java.nio.MappedByteBuffer} addresses at most 2 GiB, so the file is mapped in segments
 * of 1 GiB; a read that straddles two segments copies from both. The length is fixed when the file
 * is opened: a file shorter than its header claims reads short, and {@link SafetensorsReader} reports
 * it as truncated, exactly as with the other sources. Map only files nobody rewrites while they are
 * read (downloaded snapshots, the zoo): if another process truncates a mapped file, a read of a
 * vanished page makes the JVM throw an {@link InternalError}, possibly only after the read returned,
 * which no read method can turn into a tidy exception.
 *
 * <p>Thread-safe: reads use absolute positions only and the byte counter is exact under concurrency.
 * {@link #close()} drops the mappings, after which reads fail; Java 17 has no public way to unmap, so
 * the operating system releases the memory when the garbage collector frees the buffers (until then
 * Windows refuses to delete the file).
 */
public final class MappedByteRangeSource implements ByteRangeSource {

    /** Bytes per mapped segment: 1 GiB, a power of two well below the 2 GiB limit of one buffer. */
    static final int DEFAULT_SEGMENT_SIZE = 1 << 30;

    private final String resource;
    private final long length;
    private final int segmentSize;
    private final AtomicLong bytesRead = new AtomicLong();
    /** The mapped segments, in file order; null once closed. */
    private volatile ByteBuffer[] segments;

    private MappedByteRangeSource(String resource, long length, int segmentSize, ByteBuffer[] segments) {
        this.resource = resource;
        this.length = length;
        this.segmentSize = segmentSize;
        this.segments = segments;
    }

    /** Maps {@code file} read-only. The channel is closed at once; the mappings outlive it. */
    public static MappedByteRangeSource open(Path file) {
        return open(file, DEFAULT_SEGMENT_SIZE);
    }

    /** Maps {@code file} in segments of {@code segmentSize} bytes (small sizes let tests cross segment boundaries). */
    static MappedByteRangeSource open(Path file, int segmentSize) {
        if (segmentSize <= 0) {
            throw new IllegalArgumentException("segmentSize must be positive, got " + segmentSize);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            int count = Math.toIntExact((length + segmentSize - 1) / segmentSize);
            ByteBuffer[] segments = new ByteBuffer[count];
            for (int i = 0; i < count; i++) {
                long start = (long) i * segmentSize;
                segments[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(segmentSize, length - start));
            }
            return new MappedByteRangeSource(file.toString(), length, segmentSize, segments);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
    }

    @Override
    public byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        ByteBuffer[] mapped = segments;
        if (mapped == null) {
            throw new IOException(resource + " is closed");
        }
        if (offset >= this.length) {
            return new byte[0];
        }
        byte[] out = new byte[(int) Math.min(length, this.length - offset)];
        int done = 0;
        while (done < out.length) {
            long position = offset + done;
            ByteBuffer segment = mapped[(int) (position / segmentSize)];
            int within = (int) (position % segmentSize);
            int chunk = Math.min(out.length - done, segment.capacity() - within);
            segment.get(within, out, done, chunk); // absolute: no shared position, safe across threads
            done += chunk;
        }
        bytesRead.addAndGet(out.length);
        return out;
    }

    /** Without copying when the range lies in one segment (always, for ranges under the 1 GiB segment size but one in 2^30). */
    @Override
    public ByteBuffer view(long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        ByteBuffer[] mapped = segments;
        if (mapped == null) {
            throw new IOException(resource + " is closed");
        }
        if (offset >= this.length) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        int n = (int) Math.min(length, this.length - offset);
        ByteBuffer segment = mapped[(int) (offset / segmentSize)];
        int within = (int) (offset % segmentSize);
        if (within + n > segment.capacity()) {
            return ByteRangeSource.super.view(offset, length); // spans two segments: copy
        }
        bytesRead.addAndGet(n);
        return segment.slice(within, n).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public OptionalLong length() {
        return OptionalLong.of(length);
    }

    @Override
    public long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public String resource() {
        return resource;
    }

    /** Number of mapped segments (0 for an empty file). */
    int segmentCount() {
        ByteBuffer[] mapped = segments;
        return mapped == null ? 0 : mapped.length;
    }

    @Override
    public void close() {
        segments = null;
    }
}

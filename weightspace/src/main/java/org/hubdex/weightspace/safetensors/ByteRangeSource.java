package org.hubdex.weightspace.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Random access to the bytes of one file, wherever it lives: a local file, a memory buffer, or a
 * remote file read with HTTP ranges (implemented in the hub client). The safetensors reader only
 * ever reads through this interface, and every implementation counts the bytes it fetched, so a test
 * can prove that reading a header or one tensor did not download the whole file.
 *
 * <p>Implementations:
 * <ul>
 *   <li>{@link #ofBytes} ({@code ByteArrayRangeSource}): bytes already in memory (tests, small
 *       downloads); not thread-safe.
 *   <li>{@link FileByteRangeSource}: a local file read with positional reads, one system call per
 *       read; concurrent reads are safe, the byte counter approximate under concurrency.
 *   <li>{@link MappedByteRangeSource}: a local file mapped into memory read-only (in 1 GiB segments,
 *       so files over 2 GiB work); the fastest for reading many windows of a large local file;
 *       thread-safe.
 *   <li>{@code org.hubdex.hub.RemoteFile} (module {@code hub-client}): a file on the hub read with HTTP
 *       range requests.
 * </ul>
 *
 * <p>Implementations need not be thread-safe unless they say so.
 */
public interface ByteRangeSource extends Closeable {

    /**
     * Reads {@code length} bytes starting at {@code offset}. Returns exactly {@code length} bytes,
     * fewer only when the source ends first (an empty array when {@code offset} is at or past the end).
     */
    byte[] read(long offset, int length) throws IOException;

    /**
     * The bytes {@code [offset, offset + length)} as a little-endian buffer positioned at 0 (fewer bytes when the
     * source ends first), counted in {@link #bytesRead} like {@link #read}. Sources over memory (a mapped
     * file) return a view without copying, so that a decoder reads the data once; the default copies through
     * {@link #read}.
     */
    default ByteBuffer view(long offset, int length) throws IOException {
        return ByteBuffer.wrap(read(offset, length)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Total length in bytes when known (a remote source may learn it on its first read). */
    OptionalLong length();

    /** Bytes fetched so far through {@link #read}. */
    long bytesRead();

    /** The file path or URL, for error messages. Never contains credentials. */
    String resource();

    /** A source over bytes already in memory (tests, small downloads). */
    static ByteRangeSource ofBytes(byte[] bytes, String resource) {
        return new ByteArrayRangeSource(bytes, resource);
    }
}

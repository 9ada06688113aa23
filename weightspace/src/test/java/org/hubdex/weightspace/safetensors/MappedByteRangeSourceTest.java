package org.hubdex.weightspace.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link ByteRangeSource} contract for {@link MappedByteRangeSource}, with its default 1 GiB
 * segments and with 8-byte segments so that reads cross segment boundaries everywhere; then what is
 * particular to mapping: files over 2 GiB, concurrent reads, reads after close.
 */
class MappedByteRangeSourceTest extends ByteRangeSourceContractTest {

    @Override
    ByteRangeSource open(byte[] content) throws IOException {
        return MappedByteRangeSource.open(write(content));
    }

    /** The whole contract again, with every read of more than a few bytes crossing segments. */
    @Nested
    class WithTinySegments extends ByteRangeSourceContractTest {

        @Override
        ByteRangeSource open(byte[] content) throws IOException {
            return MappedByteRangeSource.open(write(content), 8);
        }
    }

    @Test
    void aFileIsMappedInSegments() throws IOException {
        Path file = write(randomBytes(37));
        try (MappedByteRangeSource source = MappedByteRangeSource.open(file, 8)) {
            assertThat(source.segmentCount()).isEqualTo(5);
        }
        try (MappedByteRangeSource source = MappedByteRangeSource.open(file)) {
            assertThat(source.segmentCount()).isEqualTo(1);
        }
        try (MappedByteRangeSource source = MappedByteRangeSource.open(write(new byte[0]))) {
            assertThat(source.segmentCount()).isZero();
        }
        assertThatThrownBy(() -> MappedByteRangeSource.open(file, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MappedByteRangeSource.open(dir.resolve("missing.safetensors")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.safetensors");
    }

    @Test
    void aFileOverTwoGibibytesIsReadAcrossItsSegments() throws IOException {
        long length = (1L << 31) + 100; // one byte array cannot address it, one mapped buffer cannot map it
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > 2 * length, "needs room for a 2 GiB file should it not be sparse");
        Path file = dir.resolve("large.bin");
        byte[] marker = {1, 2, 3, 4, 5, 6};
        long[] at = {(1L << 30) - 3, (1L << 31) - 3, length - marker.length};
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length); // sparse where the file system allows: nothing else is written
            for (long position : at) {
                raf.seek(position);
                raf.write(marker);
            }
        }
        try (MappedByteRangeSource source = MappedByteRangeSource.open(file)) {
            assertThat(source.segmentCount()).isEqualTo(3);
            assertThat(source.length()).hasValue(length);
            for (long position : at) {
                assertThat(source.read(position, marker.length)).as("at %d", position).isEqualTo(marker);
            }
            assertThat(source.read(length - 2, 10)).containsExactly(5, 6);
            assertThat(source.read(length, 10)).isEmpty();
            assertThat(source.read(1L << 31, 4)).containsExactly(4, 5, 6, 0);
            assertThat(source.bytesRead()).isEqualTo(3 * 6 + 2 + 4);
        }
    }

    @Test
    void concurrentReadsAreCorrectAndCountedExactly() throws Exception {
        byte[] content = randomBytes(10_000);
        long seed = System.nanoTime();
        try (MappedByteRangeSource source = MappedByteRangeSource.open(write(content), 1000)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long threadSeed = seed + t;
                    results.add(pool.submit(() -> {
                        SplittableRandom random = new SplittableRandom(threadSeed);
                        long read = 0;
                        for (int i = 0; i < 2000; i++) {
                            int offset = random.nextInt(0, content.length);
                            int length = random.nextInt(0, 3000);
                            byte[] got = source.read(offset, length);
                            byte[] expected = Arrays.copyOfRange(content, offset, Math.min(content.length, offset + length));
                            if (!Arrays.equals(got, expected)) {
                                throw new AssertionError("seed " + threadSeed + ": wrong bytes at " + offset + "+" + length);
                            }
                            read += got.length;
                        }
                        return read;
                    }));
                }
                long total = 0;
                for (Future<Long> result : results) {
                    total += result.get();
                }
                assertThat(source.bytesRead()).as("seed %d", seed).isEqualTo(total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void readsAfterCloseFail() throws IOException {
        MappedByteRangeSource source = MappedByteRangeSource.open(write(randomBytes(16)));
        source.close();
        assertThatThrownBy(() -> source.read(0, 4)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        source.close(); // idempotent
    }
}

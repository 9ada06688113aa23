package org.hubdex.weightspace.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ByteRangeSource} contract, run against every implementation in this module: exact
 * reads, short reads at the end, empty reads past it, an exact byte count, and the reader's
 * truncation check working through the source. Subclasses say how to open a source over given bytes.
 */
abstract class ByteRangeSourceContractTest {

    @TempDir
    Path dir;

    /** A source over exactly {@code content}. */
    abstract ByteRangeSource open(byte[] content) throws IOException;

    /** Writes {@code content} to a fresh file under {@link #dir}, for the file-backed sources. */
    Path write(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "source", ".bin");
        Files.write(file, content);
        return file;
    }

    @Test
    void everyRangeReadsExactlyTheBytesThereAre() throws IOException {
        byte[] content = randomBytes(37);
        try (ByteRangeSource source = open(content)) {
            assertThat(source.length()).hasValue(37);
            assertThat(source.resource()).isNotBlank();
            long expectedCount = 0;
            for (int offset = 0; offset <= 40; offset++) {
                for (int length = 0; length <= 40; length++) {
                    byte[] expected = offset >= 37 ? new byte[0]
                            : Arrays.copyOfRange(content, offset, Math.min(37, offset + length));
                    assertThat(source.read(offset, length)).as("offset %d length %d", offset, length).isEqualTo(expected);
                    expectedCount += expected.length;
                }
            }
            assertThat(source.bytesRead()).isEqualTo(expectedCount);
        }
    }

    @Test
    void readsAtTheEndAreShortAndPastItEmpty() throws IOException {
        byte[] content = randomBytes(100);
        try (ByteRangeSource source = open(content)) {
            assertThat(source.read(97, 10)).isEqualTo(Arrays.copyOfRange(content, 97, 100));
            assertThat(source.read(99, 1)).containsExactly(content[99]);
            assertThat(source.read(100, 1)).isEmpty();
            assertThat(source.read(Long.MAX_VALUE, 8)).isEmpty();
            assertThat(source.read(0, Integer.MAX_VALUE)).isEqualTo(content);
            assertThat(source.bytesRead()).isEqualTo(3 + 1 + 100);
        }
    }

    @Test
    void negativeArgumentsAreRefused() throws IOException {
        try (ByteRangeSource source = open(randomBytes(8))) {
            assertThatThrownBy(() -> source.read(-1, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> source.read(0, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anEmptySourceHasNoBytes() throws IOException {
        try (ByteRangeSource source = open(new byte[0])) {
            assertThat(source.length()).hasValue(0);
            assertThat(source.read(0, 10)).isEmpty();
            assertThat(source.bytesRead()).isZero();
        }
    }

    @Test
    void aFileShorterThanItsHeaderClaimsIsTruncated() throws IOException {
        byte[] whole = SafetensorsWriter.create().addTensor("w", Dtype.F32, new long[] {4}, new float[] {1, 2, 3, 4}).toBytes();
        try (ByteRangeSource source = open(Arrays.copyOf(whole, whole.length - 1))) {
            assertThatThrownBy(() -> SafetensorsReader.readHeader(source))
                    .isInstanceOf(TruncatedSafetensorsException.class).hasMessageContaining("only");
        }
        try (ByteRangeSource source = open(Arrays.copyOf(whole, 20))) {
            assertThatThrownBy(() -> SafetensorsReader.readHeader(source)).isInstanceOf(TruncatedSafetensorsException.class);
        }
    }

    @Test
    void aTensorRangeFetchesOnlyItsBytes() throws IOException {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        byte[] file = SafetensorsWriter.create()
                .addTensor("a", Dtype.BF16, new long[] {10, 100}, values)
                .addTensor("b", Dtype.F32, new long[] {1000}, values)
                .toBytes();
        try (ByteRangeSource source = open(file)) {
            SafetensorsHeader header = SafetensorsReader.readHeader(source);
            long afterHeader = source.bytesRead();
            float[] window = SafetensorsReader.readFloats(source, header, "b", 990, 10);
            assertThat(window).containsExactly(Arrays.copyOfRange(values, 990, 1000));
            assertThat(source.bytesRead() - afterHeader).isEqualTo(40);
            float[] bf16 = SafetensorsReader.readFloats(source, header, "a", 100, 3);
            assertThat(bf16).containsExactly(50f, 50.5f, 51f);
            assertThat(source.bytesRead() - afterHeader).isEqualTo(40 + 6);
        }
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }
}

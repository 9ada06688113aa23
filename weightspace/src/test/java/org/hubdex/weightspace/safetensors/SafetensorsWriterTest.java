package org.hubdex.weightspace.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

    @TempDir
    Path dir;

    @Test
    void writtenFilesAreValidAndLoadBackToTheSameTensors() throws IOException {
        float[] conv = new float[8 * 1 * 5 * 5];
        for (int i = 0; i < conv.length; i++) {
            conv[i] = (float) Math.sin(i) / 3;
        }
        float[] bias = {0.5f, -0.25f, 1e-6f, 3f, 0f, -0f, 1024f, 7.1f};
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.create().putMetadata("format", "pt")
                .addTensor("features.0.weight", Dtype.F32, new long[] {8, 1, 5, 5}, conv)
                .addTensor("features.0.bias", Dtype.F16, new long[] {8}, bias)
                .addTensor("classifier.weight", Dtype.BF16, new long[] {2, 4}, bias)
                .write(file);

        try (FileByteRangeSource source = FileByteRangeSource.open(file)) {
            SafetensorsHeader header = SafetensorsReader.readHeader(source);
            assertThat(header.headerLength() % 8).isZero();
            assertThat(header.metadata()).containsEntry("format", "pt");
            assertThat(header.tensor("features.0.weight").orElseThrow().shape()).containsExactly(8, 1, 5, 5);
            assertThat(SafetensorsReader.readFloats(source, header, "features.0.weight")).containsExactly(conv);
            float[] f16 = SafetensorsReader.readFloats(source, header, "features.0.bias");
            float[] bf16 = SafetensorsReader.readFloats(source, header, "classifier.weight");
            for (int i = 0; i < bias.length; i++) {
                assertThat(f16[i]).isEqualTo(HalfFloats.fromF16(HalfFloats.toF16(bias[i])));
                assertThat(bf16[i]).isEqualTo(HalfFloats.fromBf16(HalfFloats.toBf16(bias[i])));
            }
            assertThat(f16[6]).isEqualTo(1024f);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(file); // the temporary file is gone
        }
    }

    @Test
    void readingOneTensorFetchesOnlyItsBytes() throws IOException {
        float[] big = new float[100_000];
        Arrays.fill(big, 1f);
        byte[] bytes = SafetensorsWriter.create()
                .addTensor("big", Dtype.F32, new long[] {100_000}, big)
                .addTensor("small", Dtype.F32, new long[] {3}, new float[] {1, 2, 3})
                .toBytes();
        ByteRangeSource source = ByteRangeSource.ofBytes(bytes, "mem");
        SafetensorsHeader header = SafetensorsReader.readHeader(source, new SafetensorsLimits(1000, 64));
        long afterHeader = source.bytesRead();
        assertThat(afterHeader).isLessThan(64 + header.headerLength());
        assertThat(SafetensorsReader.readFloats(source, header, "small")).containsExactly(1, 2, 3);
        assertThat(source.bytesRead() - afterHeader).isEqualTo(12);
    }

    @Test
    void aHeaderLongerThanTheFirstReadTakesExactlyTwoReads() {
        SafetensorsWriter writer = SafetensorsWriter.create();
        for (int i = 0; i < 3000; i++) {
            writer.addTensor("layers." + i + ".weight", Dtype.F32, new long[] {1}, new float[] {i});
        }
        byte[] bytes = writer.toBytes();
        CountingSource source = new CountingSource(ByteRangeSource.ofBytes(bytes, "mem"));
        SafetensorsHeader header = SafetensorsReader.readHeader(source, new SafetensorsLimits(10_000_000, 1000));
        assertThat(header.headerLength()).isGreaterThan(1000);
        assertThat(source.reads).isEqualTo(2);
        assertThat(source.bytesRead()).isEqualTo(8 + header.headerLength());
        assertThat(header.tensors()).hasSize(3000);
    }

    @Test
    void writerRejectsMismatchedShapesAndDuplicateNames() {
        assertThatThrownBy(() -> SafetensorsWriter.create().addTensor("a", Dtype.F32, new long[] {2, 2}, new float[3]))
                .hasMessageContaining("4 elements");
        assertThatThrownBy(() -> SafetensorsWriter.create().addTensor("a", Dtype.F32, new long[] {1}, new float[1])
                .addTensor("a", Dtype.F32, new long[] {1}, new float[1])).hasMessageContaining("already used");
        assertThatThrownBy(() -> SafetensorsWriter.create().addTensor("a", Dtype.I8, new long[] {1}, new float[1]))
                .hasMessageContaining("addRaw");
        byte[] raw = SafetensorsWriter.create().addRaw("ids", Dtype.I64, new long[] {2}, new byte[16]).toBytes();
        assertThat(new String(raw, 8, 40, StandardCharsets.UTF_8)).contains("\"I64\"");
    }

    /** Counts read calls, to prove the number of round trips a remote reader would make. */
    private static final class CountingSource implements ByteRangeSource {
        private final ByteRangeSource delegate;
        int reads;

        CountingSource(ByteRangeSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] read(long offset, int length) throws IOException {
            reads++;
            return delegate.read(offset, length);
        }

        @Override
        public java.util.OptionalLong length() {
            return delegate.length();
        }

        @Override
        public long bytesRead() {
            return delegate.bytesRead();
        }

        @Override
        public String resource() {
            return delegate.resource();
        }

        @Override
        public void close() {
        }
    }
}

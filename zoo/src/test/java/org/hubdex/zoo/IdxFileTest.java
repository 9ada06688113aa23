package org.hubdex.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    /** A 2x2x3 unsigned-byte IDX file, written by hand: magic 00 00 08 03, dims 2, 2, 3, then 12 bytes. */
    private static final byte[] IMAGES = {
        0, 0, 0x08, 3,
        0, 0, 0, 2,
        0, 0, 0, 2,
        0, 0, 0, 3,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255};

    @Test
    void readsDimensionsAndUnsignedBytes() {
        IdxFile idx = IdxFile.parse(IMAGES, "hand-made");

        assertThat(idx.dimensions()).containsExactly(2, 2, 3);
        assertThat(idx.count()).isEqualTo(2);
        assertThat(idx.data()).hasSize(12);
        assertThat(idx.data()[11] & 0xff).isEqualTo(255);
    }

    @Test
    void readsGzipCompressedFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("labels-idx1-ubyte.gz");
        Files.write(file, gzip(new byte[] {0, 0, 0x08, 1, 0, 0, 0, 3, 7, 0, 9}));

        IdxFile idx = IdxFile.read(file);

        assertThat(idx.dimensions()).containsExactly(3);
        assertThat(idx.data()).containsExactly(7, 0, 9);
        assertThat(idx.resource()).isEqualTo(file.toString());
    }

    @Test
    void rejectsABadMagicNumber() {
        byte[] bad = IMAGES.clone();
        bad[1] = 1;
        assertThatThrownBy(() -> IdxFile.parse(bad, "bad-magic"))
                .isInstanceOf(MalformedIdxException.class)
                .hasMessageContaining("bad-magic")
                .hasMessageContaining("two zero bytes");
    }

    @Test
    void rejectsElementTypesOtherThanUnsignedBytes() {
        byte[] floats = IMAGES.clone();
        floats[2] = 0x0D;
        assertThatThrownBy(() -> IdxFile.parse(floats, "floats"))
                .isInstanceOf(MalformedIdxException.class)
                .hasMessageContaining("expected element type 0x08")
                .hasMessageContaining("0x0d");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] truncated = java.util.Arrays.copyOf(IMAGES, IMAGES.length - 1);
        assertThatThrownBy(() -> IdxFile.parse(truncated, "short"))
                .isInstanceOf(MalformedIdxException.class)
                .hasMessageContaining("need 28 bytes, got 27 (truncated)");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] longer = java.util.Arrays.copyOf(IMAGES, IMAGES.length + 2);
        assertThatThrownBy(() -> IdxFile.parse(longer, "long"))
                .isInstanceOf(MalformedIdxException.class)
                .hasMessageContaining("(trailing bytes)");
    }

    @Test
    void rejectsAHeaderShorterThanItsDimensions() {
        assertThatThrownBy(() -> IdxFile.parse(new byte[] {0, 0, 8, 3, 0, 0, 0, 2}, "cut"))
                .isInstanceOf(MalformedIdxException.class)
                .hasMessageContaining("expected a 16-byte header for 3 dimensions, got 8 bytes");
        assertThatThrownBy(() -> IdxFile.parse(new byte[] {0, 0}, "tiny"))
                .isInstanceOf(MalformedIdxException.class)
                .hasMessageContaining("4-byte magic number");
        assertThatThrownBy(() -> IdxFile.parse(new byte[] {0, 0, 8, 0}, "rank0"))
                .isInstanceOf(MalformedIdxException.class)
                .hasMessageContaining("at least one dimension");
    }

    @Test
    void rejectsCorruptGzip() {
        byte[] corrupt = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3};
        assertThatThrownBy(() -> IdxFile.parse(corrupt, "corrupt.gz"))
                .isInstanceOf(MalformedIdxException.class)
                .hasMessageContaining("gzip data is corrupt");
    }

    @Test
    void aMissingFolderSaysHowToInstallTheData(@TempDir Path dir) {
        assertThatThrownBy(() -> FashionMnist.load(dir.resolve("nowhere")))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("dataset-fashion-mnist")
                .hasMessageContaining("HUBDEX_ZOO_DATA");
        assertThatThrownBy(() -> FashionMnist.load(dir))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("train-images-idx3-ubyte");
    }

    @Test
    void normalizesLikeThePublicZoos() {
        assertThat(FashionMnist.normalize(0)).isEqualTo(-1f);
        assertThat(FashionMnist.normalize(255)).isEqualTo(1f);
        assertThat(FashionMnist.normalize(51)).isCloseTo(-0.6f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}

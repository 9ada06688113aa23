package org.hubdex.weightspace.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hubdex.weightspace.safetensors.SafetensorsFiles.file;
import static org.hubdex.weightspace.safetensors.SafetensorsFiles.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The corruption corpus: every rule of the format, one malformed file each, each a typed error. */
class SafetensorsValidationTest {

    private static final String TWO_TENSORS = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
            + "\"a\":{\"dtype\":\"F16\",\"shape\":[3,4],\"data_offsets\":[0,24]}}";

    @Test
    void aValidFileParsesWithTensorsInBufferOrder() {
        SafetensorsHeader header = SafetensorsReader.readHeader(source(file(TWO_TENSORS, 32)));
        assertThat(header.tensors()).extracting(TensorEntry::name).containsExactly("a", "b");
        assertThat(header.metadata()).containsEntry("format", "pt");
        assertThat(header.parametersByDtype()).containsEntry("F16", 12L).containsEntry("F32", 2L);
        assertThat(header.parameterCount()).isEqualTo(14);
        assertThat(header.fileLength()).isEqualTo(8 + TWO_TENSORS.length() + 32);
    }

    @Test
    void whitespacePaddingAroundTheObjectIsAllowed() {
        SafetensorsHeader header = SafetensorsReader.readHeader(source(file("  " + TWO_TENSORS + "      ", 32)));
        assertThat(header.tensors()).hasSize(2);
    }

    @Test
    void fewerThanEightBytesIsTruncated() {
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(new byte[5])))
                .isInstanceOf(TruncatedSafetensorsException.class).hasMessageContaining("fewer than the 8-byte");
    }

    @Test
    void aHeaderLongerThanTheCapIsRejectedBeforeAllocation() {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array();
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(bytes)))
                .isInstanceOf(HeaderTooLargeException.class).hasMessageContaining("100000001");
        byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(negative))).isInstanceOf(HeaderTooLargeException.class);
        byte[] small = file(TWO_TENSORS, 32);
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(small), SafetensorsLimits.DEFAULT.withMaxHeaderLength(50)))
                .isInstanceOf(HeaderTooLargeException.class);
    }

    @Test
    void aFileCutInsideTheHeaderOrTheDataIsTruncated() {
        byte[] whole = file(TWO_TENSORS, 32);
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(Arrays.copyOf(whole, 30))))
                .isInstanceOf(TruncatedSafetensorsException.class);
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(Arrays.copyOf(whole, whole.length - 1))))
                .isInstanceOf(TruncatedSafetensorsException.class).hasMessageContaining("only");
    }

    @Test
    void trailingBytesAreAFileLengthMismatch() {
        byte[] whole = file(TWO_TENSORS, 32);
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(Arrays.copyOf(whole, whole.length + 3))))
                .isInstanceOf(FileLengthMismatchException.class).hasMessageContaining("trailing");
    }

    @Test
    void gapsAndOverlapsAreOffsetMismatches() {
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(gap, 12))))
                .isInstanceOf(OffsetMismatchException.class).hasMessageContaining("gap");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(overlap, 8))))
                .isInstanceOf(OffsetMismatchException.class).hasMessageContaining("overlap");
        String notFromZero = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(notFromZero, 8))))
                .isInstanceOf(OffsetMismatchException.class);
        String reversed = "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,0]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(reversed, 0))))
                .isInstanceOf(OffsetMismatchException.class);
    }

    @Test
    void aRangeThatDisagreesWithShapeTimesDtypeIsASizeMismatch() {
        String wrong = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(wrong, 8))))
                .isInstanceOf(TensorSizeMismatchException.class).hasMessageContaining("needs 12 bytes").hasMessageContaining("span 8");
        String subByte = "{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(subByte, 2))))
                .isInstanceOf(TensorSizeMismatchException.class);
        String overflow = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(overflow, 4))))
                .isInstanceOf(TensorSizeMismatchException.class);
    }

    @Test
    void anUnknownDtypeIsNamed() {
        String unknown = "{\"a\":{\"dtype\":\"F12\",\"shape\":[1],\"data_offsets\":[0,2]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(unknown, 2))))
                .isInstanceOf(UnknownDtypeException.class).hasMessageContaining("'F12'");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}".getBytes(StandardCharsets.UTF_8);
        header[2] = (byte) 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(header, 0))))
                .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void duplicateKeysAreRejected() {
        String dup = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}";
        assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(dup, 2))))
                .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("a");
    }

    @Test
    void structuralErrorsAreMalformed() {
        for (String bad : new String[] {
                "[1,2]", "{\"a\":1}", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,1]}}",
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}",
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1.5],\"data_offsets\":[0,1]}}",
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0]}}",
                "{\"__metadata__\":{\"k\":1}}", "{\"__metadata__\":[]}", "{\"a\":", "{} {}", "" }) {
            assertThatThrownBy(() -> SafetensorsReader.readHeader(source(file(bad, 1))))
                    .as(bad).isInstanceOf(MalformedHeaderException.class);
        }
    }

    @Test
    void anEmptyObjectIsAValidFileWithoutTensors() {
        SafetensorsHeader header = SafetensorsReader.readHeader(source(file("{}", 0)));
        assertThat(header.tensors()).isEmpty();
        assertThat(header.dataLength()).isZero();
    }
}

package org.hubdex.weightspace.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hubdex.weightspace.safetensors.SafetensorsFiles.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link SafetensorsReader#readFloats} on every dtype: whole tensors, element ranges that fetch only
 * their own bytes, and the typed refusal of dtypes without a float32 reading.
 */
class SafetensorsReaderFloatsTest {

    /** One small tensor per convertible dtype, with the floats each must read as. */
    private static final byte[] FILE = SafetensorsWriter.create()
            .addRaw("f64", Dtype.F64, new long[] {3}, le64(Double.doubleToRawLongBits(1.5), Double.doubleToRawLongBits(-0.1),
                    Double.doubleToRawLongBits(1e300)))
            .addTensor("f32", Dtype.F32, new long[] {2, 2}, new float[] {1f, -2f, 0.25f, Float.MAX_VALUE})
            .addTensor("f16", Dtype.F16, new long[] {3}, new float[] {1f, -65504f, 0x1p-24f})
            .addTensor("bf16", Dtype.BF16, new long[] {5}, new float[] {1f, -2f, 3f, 0x1p-133f, Float.NEGATIVE_INFINITY})
            .addRaw("e4m3", Dtype.F8_E4M3, new long[] {4}, bytes(0x38, 0xc0, 0x7e, 0x01))
            .addRaw("e5m2", Dtype.F8_E5M2, new long[] {4}, bytes(0x3c, 0xc2, 0x7b, 0x7c))
            .addRaw("e8m0", Dtype.F8_E8M0, new long[] {3}, bytes(0x7f, 0x80, 0x00))
            .addRaw("i8", Dtype.I8, new long[] {2}, bytes(0x80, 0x7f))
            .addRaw("u8", Dtype.U8, new long[] {2}, bytes(0xff, 0x01))
            .addRaw("i16", Dtype.I16, new long[] {2}, bytes(0x00, 0x80, 0xff, 0x7f))
            .addRaw("u16", Dtype.U16, new long[] {2}, bytes(0xff, 0xff, 0x00, 0x01))
            .addRaw("i32", Dtype.I32, new long[] {2}, le32(Integer.MIN_VALUE, (1 << 24) + 1))
            .addRaw("u32", Dtype.U32, new long[] {1}, le32(0xffffffff))
            .addRaw("i64", Dtype.I64, new long[] {2}, le64(Long.MIN_VALUE, Long.MAX_VALUE))
            .addRaw("u64", Dtype.U64, new long[] {1}, le64(-1L))
            .addRaw("mask", Dtype.BOOL, new long[] {2}, bytes(0, 1))
            .addRaw("complex", Dtype.C64, new long[] {1}, new byte[8])
            .addRaw("fp4", Dtype.F4, new long[] {4}, new byte[2])
            .addRaw("fp6", Dtype.F6_E2M3, new long[] {4}, new byte[3])
            .toBytes();

    @Test
    void everyConvertibleDtypeReadsAsFloats() {
        ByteRangeSource source = source(FILE);
        SafetensorsHeader header = SafetensorsReader.readHeader(source);
        assertThat(read(source, header, "f64")).containsExactly(1.5f, -0.1f, Float.POSITIVE_INFINITY);
        assertThat(read(source, header, "f32")).containsExactly(1f, -2f, 0.25f, Float.MAX_VALUE);
        assertThat(read(source, header, "f16")).containsExactly(1f, -65504f, 0x1p-24f);
        assertThat(read(source, header, "bf16")).containsExactly(1f, -2f, 3f, 0x1p-133f, Float.NEGATIVE_INFINITY);
        assertThat(read(source, header, "e4m3")).containsExactly(1f, -2f, 448f, 0x1p-9f);
        assertThat(read(source, header, "e5m2")).containsExactly(1f, -3f, 57344f, Float.POSITIVE_INFINITY);
        assertThat(read(source, header, "e8m0")).containsExactly(1f, 2f, 0x1p-127f);
        assertThat(read(source, header, "i8")).containsExactly(-128f, 127f);
        assertThat(read(source, header, "u8")).containsExactly(255f, 1f);
        assertThat(read(source, header, "i16")).containsExactly(-32768f, 32767f);
        assertThat(read(source, header, "u16")).containsExactly(65535f, 256f);
        assertThat(read(source, header, "i32")).containsExactly(-0x1p31f, 0x1p24f);
        assertThat(read(source, header, "u32")).containsExactly(0x1p32f);
        assertThat(read(source, header, "i64")).containsExactly(-0x1p63f, 0x1p63f);
        assertThat(read(source, header, "u64")).containsExactly(0x1p64f);
    }

    @Test
    void aRangeReadsOnlyItsOwnBytes() {
        ByteRangeSource source = source(FILE);
        SafetensorsHeader header = SafetensorsReader.readHeader(source);
        for (TensorEntry tensor : header.tensors()) {
            if (!DtypeConversions.isConvertible(tensor.dtype())) {
                continue;
            }
            float[] whole = SafetensorsReader.readFloats(source, header, tensor.name());
            int size = tensor.dtype().bitSize() / 8;
            for (int first = 0; first <= whole.length; first++) {
                for (int count = 0; first + count <= whole.length; count++) {
                    long before = source.bytesRead();
                    float[] range = SafetensorsReader.readFloats(source, header, tensor.name(), first, count);
                    assertThat(source.bytesRead() - before).as("%s [%d, +%d)", tensor.name(), first, count)
                            .isEqualTo((long) count * size);
                    assertThat(range).as("%s [%d, +%d)", tensor.name(), first, count)
                            .containsExactly(Arrays.copyOfRange(whole, first, first + count));
                }
            }
        }
    }

    @Test
    void aRangeOutsideTheTensorIsRefusedBeforeReading() {
        ByteRangeSource source = source(FILE);
        SafetensorsHeader header = SafetensorsReader.readHeader(source);
        long before = source.bytesRead();
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "f32", 3, 2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("2 elements from element 3").hasMessageContaining("has 4");
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "f32", -1, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "f32", 0, -1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "f32", Long.MAX_VALUE, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "nope", 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
        assertThat(source.bytesRead()).isEqualTo(before);
    }

    @Test
    void dtypesWithoutAFloatReadingThrowATypedExceptionWithTheReason() {
        ByteRangeSource source = source(FILE);
        SafetensorsHeader header = SafetensorsReader.readHeader(source);
        long before = source.bytesRead();
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "mask"))
                .isInstanceOfSatisfying(UnsupportedDtypeException.class, e -> {
                    assertThat(e.dtype()).isEqualTo(Dtype.BOOL);
                    assertThat(e.reason()).isEqualTo("boolean mask, not a weight");
                    assertThat(e.resource()).isEqualTo("test.safetensors");
                    assertThat(e).isInstanceOf(SafetensorsException.class).hasMessageContaining("'mask'");
                });
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "complex", 0, 1))
                .isInstanceOf(UnsupportedDtypeException.class).hasMessageContaining("complex values have no float32 equivalent");
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "fp4"))
                .isInstanceOf(UnsupportedDtypeException.class).hasMessageContaining("F4");
        assertThatThrownBy(() -> SafetensorsReader.readFloats(source, header, "fp6", 0, 2))
                .isInstanceOf(UnsupportedDtypeException.class).hasMessageContaining("F6_E2M3");
        assertThat(source.bytesRead()).as("nothing is fetched for a tensor that cannot be converted").isEqualTo(before);
    }

    @Test
    void aSourceEndingInsideTheRangeIsTruncated() {
        SafetensorsHeader header = SafetensorsReader.readHeader(source(FILE));
        TensorEntry u64 = header.tensor("u64").orElseThrow();
        int cut = (int) (header.dataStart() + u64.begin() + 3);
        ByteRangeSource truncated = source(Arrays.copyOf(FILE, cut));
        assertThatThrownBy(() -> SafetensorsReader.readFloats(truncated, header, "u64", 0, 1))
                .isInstanceOf(TruncatedSafetensorsException.class).hasMessageContaining("need 8 bytes")
                .hasMessageContaining("after 3");
        assertThatThrownBy(() -> SafetensorsReader.readFloats(truncated, header, "u64"))
                .isInstanceOf(TruncatedSafetensorsException.class);
    }

    private static float[] read(ByteRangeSource source, SafetensorsHeader header, String name) {
        return SafetensorsReader.readFloats(source, header, name);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] le32(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        return buffer.array();
    }

    private static byte[] le64(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }
}

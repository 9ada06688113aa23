package org.hubdex.weightspace.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a safetensors file in the official layout: the 8-byte little-endian header length, the
 * JSON header ({@code __metadata__} first, then the tensors in the order added) padded with spaces
 * to a multiple of 8 bytes as the reference writer does, then the tensors' bytes back to back.
 *
 * <p>Not thread-safe; one writer per file. {@link #write} replaces the target atomically, so a
 * server scanning the folder never sees half a file.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Pending> tensors = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    private record Pending(String name, Dtype dtype, long[] shape, byte[] bytes) {
    }

    private SafetensorsWriter() {
    }

    public static SafetensorsWriter create() {
        return new SafetensorsWriter();
    }

    /** Adds a {@code __metadata__} entry (e.g. {@code format=pt}). */
    public SafetensorsWriter putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a float tensor, stored as {@code storeAs} (F32, F16 or BF16; narrowing rounds to nearest even). */
    public SafetensorsWriter addTensor(String name, Dtype storeAs, long[] shape, float[] values) {
        checkElementCount(name, shape, values.length);
        ByteBuffer buffer;
        switch (storeAs) {
            case F32 -> {
                buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asFloatBuffer().put(values);
            }
            case F16, BF16 -> {
                buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < values.length; i++) {
                    buffer.putShort(2 * i, storeAs == Dtype.F16 ? HalfFloats.toF16(values[i]) : HalfFloats.toBf16(values[i]));
                }
            }
            default -> throw new IllegalArgumentException("addTensor stores floats as F32, F16 or BF16, not " + storeAs
                    + "; use addRaw for other dtypes");
        }
        return add(name, storeAs, shape, buffer.array());
    }

    /** Adds a tensor given as raw little-endian bytes of {@code dtype}. */
    public SafetensorsWriter addRaw(String name, Dtype dtype, long[] shape, byte[] littleEndianBytes) {
        long numel = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (dtype.byteLength(numel) != littleEndianBytes.length) {
            throw new IllegalArgumentException("tensor '" + name + "' " + dtype + Arrays.toString(shape) + " needs "
                    + dtype.byteLength(numel) + " bytes, got " + littleEndianBytes.length);
        }
        return add(name, dtype, shape, littleEndianBytes.clone());
    }

    /** The whole file as bytes. */
    public byte[] toBytes() {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Pending t : tensors) {
            ObjectNode node = header.putObject(t.name);
            node.put("dtype", t.dtype.name());
            ArrayNode shape = node.putArray("shape");
            for (long d : t.shape) {
                shape.add(d);
            }
            node.putArray("data_offsets").add(offset).add(offset + t.bytes.length);
            offset += t.bytes.length;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, 8 + padded + offset));
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(json);
        byte[] spaces = new byte[padded - json.length];
        Arrays.fill(spaces, (byte) ' ');
        out.writeBytes(spaces);
        tensors.forEach(t -> out.writeBytes(t.bytes));
        return out.toByteArray();
    }

    /** Writes the file, replacing {@code file} atomically (temporary file in the same folder, then a move). */
    public void write(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
            try {
                Files.write(temp, toBytes());
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private SafetensorsWriter add(String name, Dtype dtype, long[] shape, byte[] bytes) {
        if (name.equals("__metadata__") || !names.add(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already used");
        }
        tensors.add(new Pending(name, dtype, shape.clone(), bytes));
        return this;
    }

    private static void checkElementCount(String name, long[] shape, int actual) {
        long numel = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (numel != actual) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape) + " ("
                    + numel + " elements) but " + actual + " values were given");
        }
    }
}

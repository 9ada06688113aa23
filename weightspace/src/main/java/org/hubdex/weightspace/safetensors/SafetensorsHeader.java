package org.hubdex.weightspace.safetensors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated header of a safetensors file: its tensors (name, dtype, shape, byte range), its
 * {@code __metadata__}, and the lengths that place the data buffer in the file.
 *
 * <p>{@link #parse} applies every rule of the format except the file length (which the reader checks
 * when the length is known): strict UTF-8, one JSON object, no duplicate keys, {@code __metadata__}
 * a string-to-string map, known dtypes, non-negative integer shapes and offsets, each tensor's byte
 * length equal to its element count times its dtype size, and offsets that, sorted, tile the buffer
 * from 0 without gaps or overlaps. Immutable and thread-safe.
 */
public final class SafetensorsHeader {

    private static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private final List<TensorEntry> tensors;
    private final Map<String, TensorEntry> byName;
    private final Map<String, String> metadata;
    private final long headerLength;
    private final long dataLength;

    private SafetensorsHeader(List<TensorEntry> tensors, Map<String, String> metadata, long headerLength) {
        this.tensors = List.copyOf(tensors);
        Map<String, TensorEntry> index = new LinkedHashMap<>();
        tensors.forEach(t -> index.put(t.name(), t));
        this.byName = Collections.unmodifiableMap(index);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.headerLength = headerLength;
        this.dataLength = tensors.isEmpty() ? 0 : tensors.get(tensors.size() - 1).end();
    }

    /**
     * Parses and validates header bytes (the {@code N} bytes after the length prefix).
     *
     * @param headerBytes the header, exactly as stored (may be padded with spaces)
     * @param resource file path or URL, for error messages
     */
    public static SafetensorsHeader parse(byte[] headerBytes, String resource) {
        String json = decodeStrictUtf8(headerBytes, resource);
        JsonNode root = readJson(json, resource);
        if (!root.isObject()) {
            throw new MalformedHeaderException(resource, "header must be a JSON object, got " + root.getNodeType());
        }
        Map<String, String> metadata = Map.of();
        List<TensorEntry> tensors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = readMetadata(field.getValue(), resource);
            } else {
                tensors.add(readTensor(field.getKey(), field.getValue(), resource));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        checkContiguous(tensors, resource);
        return new SafetensorsHeader(tensors, metadata, headerBytes.length);
    }

    /** The tensors, sorted by their start offset (the order of the data buffer). */
    public List<TensorEntry> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}, if the file has one. */
    public Optional<TensorEntry> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** N: the length of the header in bytes. */
    public long headerLength() {
        return headerLength;
    }

    /** Offset of the data buffer in the file: {@code 8 + N}. */
    public long dataStart() {
        return 8 + headerLength;
    }

    /** Length of the data buffer: the end of the last tensor. */
    public long dataLength() {
        return dataLength;
    }

    /** The length the file must have: {@code 8 + N + dataLength}. */
    public long fileLength() {
        return dataStart() + dataLength;
    }

    /** Parameter (element) counts by dtype name, e.g. {@code {"F32": 2464}}, as the hub reports them. */
    public Map<String, Long> parametersByDtype() {
        Map<String, Long> counts = new TreeMap<>();
        tensors.forEach(t -> counts.merge(t.dtype().name(), t.numel(), Long::sum));
        return Collections.unmodifiableMap(counts);
    }

    /** Total parameter (element) count over all tensors. */
    public long parameterCount() {
        return tensors.stream().mapToLong(TensorEntry::numel).sum();
    }

    @Override
    public String toString() {
        return "SafetensorsHeader[" + tensors.size() + " tensors, header " + headerLength + " B, data " + dataLength + " B]";
    }

    private static String decodeStrictUtf8(byte[] bytes, String resource) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedHeaderException(resource, "header is not valid UTF-8", e);
        }
    }

    private static JsonNode readJson(String json, String resource) {
        try {
            JsonNode node = STRICT_JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new MalformedHeaderException(resource, "header is empty; expected a JSON object");
            }
            return node;
        } catch (JsonParseException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
                throw new DuplicateKeyException(resource, "header has a duplicate key: " + e.getOriginalMessage());
            }
            throw new MalformedHeaderException(resource, "header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedHeaderException(resource, "header is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> readMetadata(JsonNode node, String resource) {
        if (!node.isObject()) {
            throw new MalformedHeaderException(resource, "__metadata__ must be an object of strings, got " + node.getNodeType());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new MalformedHeaderException(resource, "__metadata__." + entry.getKey()
                        + " must be a string, got " + entry.getValue().getNodeType());
            }
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
        return metadata;
    }

    private static TensorEntry readTensor(String name, JsonNode node, String resource) {
        if (!node.isObject()) {
            throw new MalformedHeaderException(resource, "tensor '" + name + "' must be an object, got " + node.getNodeType());
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new MalformedHeaderException(resource, "tensor '" + name + "' has no string 'dtype'");
        }
        Dtype dtype = Dtype.parse(dtypeNode.textValue(), resource);
        long[] shape = readLongs(node.get("shape"), -1, "shape", name, resource);
        long[] offsets = readLongs(node.get("data_offsets"), 2, "data_offsets", name, resource);
        if (offsets[1] < offsets[0]) {
            throw new OffsetMismatchException(resource, "tensor '" + name + "' ends before it begins: data_offsets ["
                    + offsets[0] + ", " + offsets[1] + "]");
        }
        TensorEntry entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
        long numel;
        try {
            numel = entry.numel();
        } catch (ArithmeticException e) {
            throw new TensorSizeMismatchException(resource, "tensor '" + name + "' has a shape whose element count overflows");
        }
        long expected = dtype.byteLength(numel);
        if (expected != entry.byteLength()) {
            throw new TensorSizeMismatchException(resource, "tensor '" + name + "' " + dtype + java.util.Arrays.toString(shape)
                    + " needs " + (expected < 0 ? "a whole number of bytes" : expected + " bytes")
                    + " but its data_offsets span " + entry.byteLength());
        }
        return entry;
    }

    private static long[] readLongs(JsonNode node, int expectedLength, String field, String tensor, String resource) {
        if (node == null || !node.isArray() || (expectedLength >= 0 && node.size() != expectedLength)) {
            throw new MalformedHeaderException(resource, "tensor '" + tensor + "' needs '" + field + "' as an array"
                    + (expectedLength >= 0 ? " of " + expectedLength : "") + " of non-negative integers, got " + node);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new MalformedHeaderException(resource, "tensor '" + tensor + "': '" + field
                        + "' must hold non-negative 64-bit integers, got " + v);
            }
            values[i] = v.longValue();
        }
        return values;
    }

    private static void checkContiguous(List<TensorEntry> sorted, String resource) {
        long expectedBegin = 0;
        TensorEntry previous = null;
        for (TensorEntry t : sorted) {
            if (t.begin() != expectedBegin) {
                String what = t.begin() > expectedBegin ? "a gap" : "an overlap";
                throw new OffsetMismatchException(resource, "data offsets have " + what + ": tensor '" + t.name()
                        + "' begins at " + t.begin() + " but " + (previous == null ? "the buffer starts at 0"
                        : "'" + previous.name() + "' ends at " + expectedBegin));
            }
            expectedBegin = t.end();
            previous = t;
        }
    }

}

package org.hubdex.trainer.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code MANIFEST.json} format of a registry version: a JSON object that names its format and format version
 * ({@value #FORMAT}, {@value #FORMAT_VERSION}), so that a reader refuses a newer file instead of misreading it.
 * Written by hand through Jackson's tree model so that the file's field names are this class's, not a
 * by-product of the record's accessors. Unknown fields are ignored: a later version may add some. Thread-safe.
 */
final class ManifestJson {

    static final String FORMAT = "hubdex-registry-manifest";
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    static byte[] write(VersionManifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("version", m.version());
        root.put("createdAt", m.createdAt().toString());
        if (m.previousVersion().isPresent()) {
            root.put("previousVersion", m.previousVersion().get());
        } else {
            root.putNull("previousVersion");
        }
        ObjectNode components = root.putObject("components");
        m.components().forEach(components::put);
        ObjectNode configuration = root.putObject("configuration");
        m.configuration().forEach(configuration::put);
        ObjectNode data = root.putObject("trainingData");
        data.put("corpusEntries", m.trainingData().corpusEntries());
        ObjectNode trees = data.putObject("modelsPerTree");
        m.trainingData().modelsPerTree().forEach(trees::put);
        data.put("contentHash", m.trainingData().contentHash());
        ObjectNode metrics = root.putObject("metrics");
        m.metrics().forEach(metrics::put);
        try {
            return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    /** Reads a manifest; {@code source} names the file in errors. */
    static VersionManifest read(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new CorruptRegistryException(source + " is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CorruptRegistryException(source + " must hold a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        String format = text(root, "format", source);
        if (!FORMAT.equals(format)) {
            throw new CorruptRegistryException(source + ": format is '" + format + "', expected '" + FORMAT + "'");
        }
        JsonNode fv = root.get("formatVersion");
        if (fv == null || !fv.canConvertToInt()) {
            throw new CorruptRegistryException(source + ": formatVersion must be an integer, got " + fv);
        }
        if (fv.intValue() > FORMAT_VERSION || fv.intValue() < 1) {
            throw new UnsupportedManifestFormatException(source + " has format version " + fv.intValue()
                    + "; this reader knows versions 1-" + FORMAT_VERSION + " (upgrade the reader)");
        }
        try {
            JsonNode data = object(root, "trainingData", source);
            JsonNode previous = root.get("previousVersion");
            return new VersionManifest(
                    text(root, "version", source),
                    Instant.parse(text(root, "createdAt", source)),
                    map(object(root, "components", source), n -> n.isTextual() ? n.textValue() : null, "text", source),
                    map(object(root, "configuration", source), n -> n.isTextual() ? n.textValue() : null, "text", source),
                    new TrainingDataSnapshot(
                            number(data, "corpusEntries", source).longValue(),
                            map(object(data, "modelsPerTree", source), n -> n.canConvertToLong() && n.isIntegralNumber() ? n.longValue() : null,
                                    "integer", source),
                            text(data, "contentHash", source)),
                    map(object(root, "metrics", source), n -> n.isNumber() ? n.doubleValue() : null, "number", source),
                    previous == null || previous.isNull() ? Optional.empty() : Optional.of(textValue(previous, "previousVersion", source)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new CorruptRegistryException(source + " holds an invalid manifest: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String source) {
        return textValue(node.get(field), field, source);
    }

    private static String textValue(JsonNode n, String field, String source) {
        if (n == null || !n.isTextual()) {
            throw new CorruptRegistryException(source + ": " + field + " must be a string, got " + n);
        }
        return n.textValue();
    }

    private static JsonNode number(JsonNode node, String field, String source) {
        JsonNode n = node.get(field);
        if (n == null || !n.isIntegralNumber()) {
            throw new CorruptRegistryException(source + ": " + field + " must be an integer, got " + n);
        }
        return n;
    }

    private static JsonNode object(JsonNode node, String field, String source) {
        JsonNode n = node.get(field);
        if (n == null || !n.isObject()) {
            throw new CorruptRegistryException(source + ": " + field + " must be an object, got " + n);
        }
        return n;
    }

    private static <V> Map<String, V> map(JsonNode object, Function<JsonNode, V> value, String expected, String source) {
        Map<String, V> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            V v = value.apply(e.getValue());
            if (v == null) {
                throw new CorruptRegistryException(source + ": " + e.getKey() + " must be a " + expected + ", got " + e.getValue());
            }
            out.put(e.getKey(), v);
        }
        return out;
    }
}

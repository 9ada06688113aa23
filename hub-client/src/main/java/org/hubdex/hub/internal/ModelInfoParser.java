package org.hubdex.hub.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.hubdex.hub.BaseModels;
import org.hubdex.hub.CardData;
import org.hubdex.hub.GatedMode;
import org.hubdex.hub.LfsInfo;
import org.hubdex.hub.MalformedResponseException;
import org.hubdex.hub.ModelConfig;
import org.hubdex.hub.ModelInfo;
import org.hubdex.hub.RepoFile;
import org.hubdex.hub.SafetensorsInfo;
import org.hubdex.hub.Sibling;

/**
 * Turns the hub's JSON into {@link ModelInfo} and {@link RepoFile} records, tolerantly: unknown
 * fields are ignored, optional fields of an unexpected type are treated as absent, and fields the hub
 * types loosely (a string or a list) are normalized. Only what a caller cannot do without is
 * required: a string {@code id}, parsable dates (a crawler's high-water mark depends on them) and a
 * {@code path} on tree entries.
 *
 * <p>Arrays of models are read one element at a time from the stream (Jackson streaming), so a page
 * is never held twice. Stateless and thread-safe.
 */
public final class ModelInfoParser {

    /** Shared, configured once; ObjectMapper is thread-safe after configuration. */
    public static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ModelInfoParser() {
    }

    /** One model object from text. */
    public static ModelInfo parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new MalformedResponseException("model JSON does not parse: " + e.getMessage(), null, null, null, e);
        }
        return parse(node);
    }

    /**
     * Reads a JSON array of models from {@code body}, one element at a time.
     *
     * @throws MalformedResponseException when the body is not an array of model objects
     * @throws IOException when the stream fails (retried by the transport)
     */
    public static List<ModelInfo> parseArray(InputStream body) throws IOException {
        List<ModelInfo> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedResponseException("expected a JSON array of models, got " + p.currentToken(), null, null, null, null);
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == null) {
                    throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "the array of models ends early");
                }
                out.add(parse((JsonNode) JSON.readTree(p)));
            }
        }
        return out;
    }

    /** One model object. */
    public static ModelInfo parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new MalformedResponseException("expected a model JSON object, got " + (n == null ? "nothing" : n.getNodeType()), null, null, null, null);
        }
        Optional<String> id = text(n, "id").or(() -> text(n, "modelId"));
        if (id.isEmpty()) {
            throw new MalformedResponseException("a model object has no string 'id' (fields: " + fieldNames(n) + ")", null, null, null, null);
        }
        String modelId = id.get();
        return new ModelInfo(
                modelId,
                text(n, "author"),
                text(n, "sha"),
                date(n, "createdAt", modelId),
                date(n, "lastModified", modelId),
                bool(n, "private"),
                gated(n.get("gated")),
                bool(n, "disabled"),
                longValue(n, "downloads"),
                longValue(n, "downloadsAllTime"),
                longValue(n, "likes"),
                n.path("trendingScore").isNumber() ? OptionalDouble.of(n.get("trendingScore").asDouble()) : OptionalDouble.empty(),
                strings(n.get("tags")),
                text(n, "pipeline_tag"),
                text(n, "library_name"),
                siblings(n.get("siblings")),
                safetensors(n.get("safetensors")),
                cardData(n.get("cardData")),
                config(n.get("config")),
                baseModels(n.get("baseModels")),
                longValue(n, "childrenModelCount"),
                longValue(n, "usedStorage"));
    }

    /** Reads a JSON array of tree entries. */
    public static List<RepoFile> parseTree(InputStream body) throws IOException {
        List<RepoFile> out = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedResponseException("expected a JSON array of tree entries, got " + p.currentToken(), null, null, null, null);
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == null) {
                    throw new com.fasterxml.jackson.core.io.JsonEOFException(p, null, "the array of tree entries ends early");
                }
                JsonNode e = JSON.readTree(p);
                treeEntry(e).ifPresent(out::add);
            }
        }
        return out;
    }

    static Optional<RepoFile> treeEntry(JsonNode e) {
        Optional<String> path = text(e, "path");
        if (!e.isObject() || path.isEmpty()) {
            throw new MalformedResponseException("a tree entry has no string 'path': " + abbreviate(e.toString()), null, null, null, null);
        }
        String type = text(e, "type").orElse("file");
        RepoFile.Type t;
        if (type.equals("file")) {
            t = RepoFile.Type.FILE;
        } else if (type.equals("directory")) {
            t = RepoFile.Type.DIRECTORY;
        } else {
            return Optional.empty();
        }
        Optional<LfsInfo> lfs = lfs(e.get("lfs"));
        long size = lfs.map(LfsInfo::size).orElse(longValue(e, "size").orElse(0));
        return Optional.of(new RepoFile(t, path.get(), size, text(e, "oid"), lfs));
    }

    private static List<Sibling> siblings(JsonNode arr) {
        List<Sibling> out = new ArrayList<>();
        if (arr != null && arr.isArray()) {
            for (JsonNode s : arr) {
                Optional<String> name = text(s, "rfilename");
                if (name.isEmpty()) {
                    continue;
                }
                out.add(new Sibling(name.get(), longValue(s, "size"), text(s, "blobId"), lfs(s.get("lfs"))));
            }
        }
        return out;
    }

    private static Optional<LfsInfo> lfs(JsonNode l) {
        if (l == null || !l.isObject()) {
            return Optional.empty();
        }
        Optional<String> sha = text(l, "sha256").or(() -> text(l, "oid"));
        OptionalLong size = longValue(l, "size");
        if (sha.isEmpty() || size.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LfsInfo(sha.get(), size.getAsLong(), longValue(l, "pointerSize")));
    }

    private static Optional<SafetensorsInfo> safetensors(JsonNode s) {
        if (s == null || !s.isObject()) {
            return Optional.empty();
        }
        Map<String, Long> params = new LinkedHashMap<>();
        JsonNode p = s.get("parameters");
        if (p != null && p.isObject()) {
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                if (e.getValue().isNumber() && e.getValue().canConvertToLong()) {
                    params.put(e.getKey(), e.getValue().asLong());
                }
            }
        }
        OptionalLong total = longValue(s, "total");
        long sum = params.values().stream().mapToLong(Long::longValue).sum();
        return Optional.of(new SafetensorsInfo(params, total.orElse(sum)));
    }

    private static Optional<CardData> cardData(JsonNode c) {
        if (c == null || !c.isObject()) {
            return Optional.empty();
        }
        Map<String, Object> raw = JSON.convertValue(c, MAP);
        return Optional.of(new CardData(strings(c.get("base_model")), text(c, "base_model_relation"), strings(c.get("license")),
                strings(c.get("datasets")), strings(c.get("language")), strings(c.get("tags")), raw));
    }

    private static Optional<ModelConfig> config(JsonNode c) {
        if (c == null || !c.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new ModelConfig(strings(c.get("architectures")), text(c, "model_type")));
    }

    private static Optional<BaseModels> baseModels(JsonNode b) {
        if (b == null || b.isNull()) {
            return Optional.empty();
        }
        if (b.isObject()) {
            return Optional.of(new BaseModels(text(b, "relation"), ids(b.get("models"))));
        }
        if (b.isArray() || b.isTextual()) {
            return Optional.of(new BaseModels(Optional.empty(), ids(b)));
        }
        return Optional.empty();
    }

    /** Ids from a string, a list of strings, or a list of objects with an {@code id}. */
    private static List<String> ids(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isTextual()) {
                    out.add(e.asText());
                } else if (e.isObject()) {
                    text(e, "id").ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** A string or a list of strings as a list (other element types skipped). */
    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isTextual()) {
            if (!n.asText().isBlank()) {
                out.add(n.asText());
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isTextual() && !e.asText().isBlank()) {
                    out.add(e.asText());
                }
            }
        }
        return out;
    }

    private static GatedMode gated(JsonNode g) {
        if (g == null || g.isNull() || (g.isBoolean() && !g.asBoolean())) {
            return GatedMode.NONE;
        }
        if (g.isBoolean()) {
            // Older responses said true for what is now "auto".
            return GatedMode.AUTO;
        }
        if (g.isTextual()) {
            String v = g.asText();
            if (v.equalsIgnoreCase("auto")) {
                return GatedMode.AUTO;
            }
            if (v.equalsIgnoreCase("false") || v.isEmpty()) {
                return GatedMode.NONE;
            }
            // "manual", or a mode this client does not know yet: treat as gated, the safe side.
            return GatedMode.MANUAL;
        }
        return GatedMode.NONE;
    }

    private static Optional<Instant> date(JsonNode n, String field, String id) {
        Optional<String> t = text(n, field);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(t.get()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(t.get()).toInstant());
            } catch (DateTimeParseException e2) {
                throw new MalformedResponseException("model " + id + ": '" + field + "' is not an ISO-8601 time: '" + abbreviate(t.get()) + "'",
                        null, null, null, e2);
            }
        }
    }

    static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isBoolean() && v.asBoolean();
    }

    static OptionalLong longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() && v.canConvertToLong() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    }

    private static String fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return abbreviate(String.join(", ", names));
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}

package org.hubdex.trainer.corpus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hubdex.trainer.corpus.CorruptCorpusException;
import org.hubdex.trainer.corpus.ModelFacts;

/**
 * {@code facts.json}: a {@link ModelFacts} as a versioned JSON object ({@code "format": "hubdex-corpus-facts",
 * "version": 1}); absent values are {@code null}, lists are always present. Reading checks the format and version
 * and every field's type, so that a damaged or foreign file fails with its name instead of training on nonsense.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelFactsJson {

    public static final String FORMAT = "hubdex-corpus-facts";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFactsJson() {
    }

    /** The facts as UTF-8 JSON. */
    public static byte[] write(ModelFacts f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("modelId", f.modelId());
        o.put("sha", f.sha());
        o.put("author", f.author().orElse(null));
        o.put("createdAt", f.createdAt().map(Instant::toString).orElse(null));
        o.put("lastModified", f.lastModified().map(Instant::toString).orElse(null));
        strings(o.putArray("tags"), f.tags());
        o.put("pipelineTag", f.pipelineTag().orElse(null));
        o.put("libraryName", f.libraryName().orElse(null));
        strings(o.putArray("baseModels"), f.baseModels());
        strings(o.putArray("datasets"), f.datasets());
        o.put("license", f.license().orElse(null));
        strings(o.putArray("classNames"), f.classNames());
        o.put("cardText", f.cardText().orElse(null));
        ObjectNode d = o.putObject("documented");
        d.put("hasCard", f.documented().hasCard());
        d.put("hasBaseModel", f.documented().hasBaseModel());
        d.put("hasClassNames", f.documented().hasClassNames());
        ObjectNode s = o.putObject("source");
        s.put("kind", f.source().kind().name().toLowerCase(Locale.ROOT));
        s.put("ref", f.source().ref());
        s.put("metadata", f.source().metadata().name().toLowerCase(Locale.ROOT));
        o.put("ingestedAt", f.ingestedAt().toString());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("facts of " + f.modelId() + "@" + f.sha() + " do not serialize", e);
        }
    }

    /**
     * Reads facts written by {@link #write}.
     *
     * @param resource names the file in errors
     * @throws CorruptCorpusException when it is not JSON, not this format or version, or a field is missing or mistyped
     */
    public static ModelFacts read(byte[] bytes, String resource) {
        JsonNode o;
        try {
            o = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new CorruptCorpusException(resource + " is not valid JSON: " + why, e);
        }
        Reader r = new Reader(o, resource);
        if (!(o instanceof ObjectNode)) {
            throw new CorruptCorpusException(resource + ": expected a JSON object, got " + new String(bytes, 0,
                    Math.min(bytes.length, 40), StandardCharsets.UTF_8));
        }
        String format = r.required("format");
        int version = o.path("version").asInt(-1);
        if (!FORMAT.equals(format) || version != VERSION) {
            throw new CorruptCorpusException(resource + ": expected format " + FORMAT + " version " + VERSION + ", got " + format
                    + " version " + o.path("version") + " (written by a newer Hubdex?)");
        }
        JsonNode d = r.object("documented");
        JsonNode s = r.object("source");
        Reader sr = new Reader(s, resource + " source");
        return new ModelFacts(
                r.required("modelId"),
                r.required("sha"),
                r.optional("author"),
                r.optional("createdAt").map(t -> r.instant("createdAt", t)),
                r.optional("lastModified").map(t -> r.instant("lastModified", t)),
                r.strings("tags"),
                r.optional("pipelineTag"),
                r.optional("libraryName"),
                r.strings("baseModels"),
                r.strings("datasets"),
                r.optional("license"),
                r.strings("classNames"),
                r.optional("cardText"),
                new ModelFacts.Documented(r.bool(d, "hasCard"), r.bool(d, "hasBaseModel"), r.bool(d, "hasClassNames")),
                new ModelFacts.Source(
                        sr.enumValue("kind", ModelFacts.SourceKind.class),
                        sr.required("ref"),
                        sr.enumValue("metadata", ModelFacts.MetadataOrigin.class)),
                r.instant("ingestedAt", r.required("ingestedAt")));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** Field access that names the file and field in every error. */
    private record Reader(JsonNode node, String resource) {

        String required(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isTextual()) {
                throw new CorruptCorpusException(resource + ": field " + field + " must be a string, got " + v);
            }
            return v.textValue();
        }

        Optional<String> optional(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isTextual()) {
                throw new CorruptCorpusException(resource + ": field " + field + " must be a string or null, got " + v);
            }
            return Optional.of(v.textValue());
        }

        List<String> strings(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray()) {
                throw new CorruptCorpusException(resource + ": field " + field + " must be an array of strings, got " + v);
            }
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw new CorruptCorpusException(resource + ": field " + field + " must be an array of strings, got " + v);
                }
                out.add(e.textValue());
            }
            return out;
        }

        JsonNode object(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isObject()) {
                throw new CorruptCorpusException(resource + ": field " + field + " must be an object, got " + v);
            }
            return v;
        }

        boolean bool(JsonNode object, String field) {
            JsonNode v = object.get(field);
            if (v == null || !v.isBoolean()) {
                throw new CorruptCorpusException(resource + ": field " + field + " must be true or false, got " + v);
            }
            return v.booleanValue();
        }

        Instant instant(String field, String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new CorruptCorpusException(resource + ": field " + field + " is not an ISO-8601 instant: " + text);
            }
        }

        <E extends Enum<E>> E enumValue(String field, Class<E> type) {
            String text = required(field);
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CorruptCorpusException(resource + ": field " + field + " is not one of "
                        + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ": " + text);
            }
        }
    }
}

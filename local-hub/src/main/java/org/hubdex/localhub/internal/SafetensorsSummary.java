package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's {@code safetensors} field of a model: parameter counts by dtype and their total, read
 * from the headers of {@code model.safetensors} or of every shard named by
 * {@code model.safetensors.index.json} (summed). Absent when the repository has neither, or when an
 * index or a header is invalid: a corrupt file is logged and never breaks the listing.
 *
 * @param parameters dtype name (e.g. {@code F32}) to parameter count, sorted by name
 * @param total the sum of the counts
 */
public record SafetensorsSummary(Map<String, Long> parameters, long total) {

    private static final Logger LOG = LoggerFactory.getLogger(SafetensorsSummary.class);

    /** Index file at the repository root. */
    public static final String INDEX = "model.safetensors.index.json";
    /** Single weights file at the repository root. */
    public static final String SINGLE = "model.safetensors";

    public SafetensorsSummary {
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    /**
     * Reads the summary of the repository in {@code dir} whose served files are {@code files}.
     *
     * @param modelId for log messages
     */
    public static Optional<SafetensorsSummary> read(Path dir, Map<String, RepoFile> files, ObjectMapper json, String modelId) {
        try {
            if (files.containsKey(INDEX)) {
                return fromIndex(dir, files, json, modelId);
            }
            if (files.containsKey(SINGLE)) {
                Map<String, Long> params = new TreeMap<>();
                addHeader(dir.resolve(SINGLE), params);
                return Optional.of(of(params));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: weights unreadable, omitting the safetensors field: {}", modelId, e.toString());
            return Optional.empty();
        }
    }

    private static Optional<SafetensorsSummary> fromIndex(Path dir, Map<String, RepoFile> files, ObjectMapper json, String modelId)
            throws IOException {
        JsonNode index = json.readTree(dir.resolve(INDEX).toFile());
        JsonNode map = index == null ? null : index.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            LOG.warn("{}: {} has no weight_map object; omitting the safetensors field", modelId, INDEX);
            return Optional.empty();
        }
        Set<String> shards = new TreeSet<>();
        for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
            JsonNode shard = it.next();
            String name = shard.asText("");
            if (!shard.isTextual() || name.isEmpty() || name.contains("..") || name.startsWith("/") || name.contains("://")
                    || name.contains("\\")) {
                LOG.warn("{}: {} names an unsafe shard '{}'; omitting the safetensors field", modelId, INDEX, name);
                return Optional.empty();
            }
            if (!files.containsKey(name)) {
                LOG.warn("{}: {} names shard '{}', which is not in the repository; omitting the safetensors field", modelId, INDEX, name);
                return Optional.empty();
            }
            shards.add(name);
        }
        Map<String, Long> params = new TreeMap<>();
        for (String shard : shards) {
            addHeader(dir.resolve(shard), params);
        }
        return Optional.of(of(params));
    }

    private static void addHeader(Path file, Map<String, Long> params) throws IOException {
        try (FileByteRangeSource source = FileByteRangeSource.open(file)) {
            SafetensorsHeader header = SafetensorsReader.readHeader(source);
            header.parametersByDtype().forEach((dtype, n) -> params.merge(dtype, n, Long::sum));
        }
    }

    private static SafetensorsSummary of(Map<String, Long> params) {
        return new SafetensorsSummary(params, params.values().stream().mapToLong(Long::longValue).sum());
    }
}

package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One published commit of one repository, everything the endpoints need to answer about it:
 * immutable, replaced as a whole when the folder changes, so a request never sees half an update.
 *
 * @param id {@code author/name}
 * @param author the author
 * @param dir the repository folder
 * @param sha the commit sha ({@link org.hubdex.localhub.CommitSha})
 * @param createdAt when the model was created ({@code .hub.json}) or first listed
 * @param lastModified when this commit was first seen (or {@code .hub.json}'s, for the first commit)
 * @param files served files, sorted by path
 * @param attributes the {@code .hub.json} attributes
 * @param card the card's front matter
 * @param config {@code architectures} and {@code model_type} of {@code config.json}, if any
 * @param safetensors the parameter counts, if the weights are readable
 * @param tags the derived tags
 */
public record Repository(String id, String author, Path dir, String sha, Instant createdAt, Instant lastModified, List<RepoFile> files,
        HubAttributes attributes, ModelCard card, Optional<JsonNode> config, Optional<SafetensorsSummary> safetensors, List<String> tags) {

    public Repository {
        Objects.requireNonNull(id, "id");
        files = List.copyOf(files);
        tags = List.copyOf(tags);
    }

    /** The files by path. */
    public Map<String, RepoFile> filesByPath() {
        Map<String, RepoFile> m = new LinkedHashMap<>();
        files.forEach(f -> m.put(f.path(), f));
        return Collections.unmodifiableMap(m);
    }

    /** The file at {@code path}, if served. */
    public Optional<RepoFile> file(String path) {
        // Binary search: files are sorted by path and a repository may hold thousands of files.
        int lo = 0;
        int hi = files.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = files.get(mid).path().compareTo(path);
            if (c == 0) {
                return Optional.of(files.get(mid));
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.empty();
    }

    public String name() {
        return id.substring(id.indexOf('/') + 1);
    }

    public Optional<String> pipelineTag() {
        return card.string("pipeline_tag");
    }

    public Optional<String> libraryName() {
        return card.string("library_name");
    }

    public List<String> baseModels() {
        return card.stringOrList("base_model");
    }

    public long usedStorage() {
        return files.stream().mapToLong(RepoFile::size).sum();
    }

    /**
     * The hub's {@code _id}: 24 hex digits like a MongoDB ObjectId, the creation second then a hash
     * of the id, so it is stable for a model across restarts with the same {@code createdAt}.
     */
    public String objectId() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(id.getBytes(StandardCharsets.UTF_8));
            return String.format("%08x", createdAt.getEpochSecond() & 0xFFFFFFFFL) + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}

package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub-side attributes of a repository that live outside its git tree, read from the optional
 * {@code .hub.json} (see {@code docs/repo-folder-format.md}). Missing fields take defaults; a file
 * that does not parse is logged and ignored.
 *
 * @param createdAt the creation time to report instead of the time the server first listed the folder
 * @param lastModified the time to report for the first commit the server sees (later commits: when seen)
 * @param gated {@code false} (empty), {@code "auto"} or {@code "manual"}
 * @param isPrivate listed and readable only with the server's token
 * @param disabled listed, but info and files answer 403 "Access to this resource is disabled."
 * @param downloads downloads of the last 30 days
 * @param downloadsAllTime all-time downloads (defaults to {@code downloads})
 * @param likes likes
 * @param trendingScore trending score
 */
public record HubAttributes(Optional<Instant> createdAt, Optional<Instant> lastModified, Optional<String> gated, boolean isPrivate,
        boolean disabled, long downloads, long downloadsAllTime, long likes, long trendingScore) {

    private static final Logger LOG = LoggerFactory.getLogger(HubAttributes.class);

    /** No {@code .hub.json}. */
    public static final HubAttributes DEFAULT = new HubAttributes(Optional.empty(), Optional.empty(), Optional.empty(), false, false, 0, 0, 0, 0);

    /** Reads {@code file} if it exists; defaults otherwise or when it does not parse. */
    public static HubAttributes read(Path file, ObjectMapper json) {
        if (!Files.isRegularFile(file)) {
            return DEFAULT;
        }
        try {
            JsonNode n = json.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                LOG.warn("ignoring {}: expected a JSON object", file);
                return DEFAULT;
            }
            Optional<String> gated = Optional.empty();
            JsonNode g = n.path("gated");
            if (g.isTextual() && (g.asText().equals("auto") || g.asText().equals("manual"))) {
                gated = Optional.of(g.asText());
            } else if (g.isBoolean() && g.asBoolean()) {
                gated = Optional.of("manual");
            } else if (!g.isMissingNode() && !g.isNull() && !(g.isBoolean())) {
                LOG.warn("{}: gated must be false, \"auto\" or \"manual\", got {}; treating as false", file, g);
            }
            long downloads = n.path("downloads").asLong(0);
            return new HubAttributes(instant(n, "createdAt", file), instant(n, "lastModified", file), gated,
                    n.path("private").asBoolean(false), n.path("disabled").asBoolean(false), downloads,
                    n.path("downloadsAllTime").asLong(downloads), n.path("likes").asLong(0), n.path("trendingScore").asLong(0));
        } catch (IOException e) {
            LOG.warn("ignoring {}: {}", file, e.getMessage());
            return DEFAULT;
        }
    }

    private static Optional<Instant> instant(JsonNode n, String field, Path file) {
        JsonNode v = n.path(field);
        if (!v.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.asText()));
        } catch (DateTimeParseException e) {
            LOG.warn("{}: {} is not an ISO-8601 instant such as 2026-01-02T03:04:05.000Z: '{}'", file, field, v.asText());
            return Optional.empty();
        }
    }
}

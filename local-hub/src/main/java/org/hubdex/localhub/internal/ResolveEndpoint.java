package org.hubdex.localhub.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD /{id}/resolve/{rev}/{path}}: a file of the published commit, with the hub's
 * headers ({@code X-Repo-Commit}, {@code ETag}, {@code Accept-Ranges}, and for LFS files
 * {@code X-Linked-Etag} and {@code X-Linked-Size}), single byte ranges ({@code bytes=a-b},
 * {@code a-}, {@code -n} → 206 with {@code Content-Range}; unsatisfiable → 416 with
 * {@code Content-Range: bytes *}{@code /total}; multiple or malformed ranges are ignored → 200) and
 * {@code If-None-Match} (304).
 *
 * <p>Confinement: the path is checked segment by segment ({@link PathCodec#repoPath}), must name a
 * file of the published commit (hidden files never are), and its real path must still lie inside
 * the repository folder. A file whose size or modification time differs from the published commit
 * is being replaced: 503 with {@code Retry-After: 1} rather than serving half an update.
 * Thread-safe.
 */
final class ResolveEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ResolveEndpoint.class);

    private final HubContext ctx;

    ResolveEndpoint(HubContext ctx) {
        this.ctx = ctx;
    }

    void handle(Route route, HttpExchange ex, Reply reply, Principal who) throws IOException {
        ModelView v = Access.open(ctx.scanner().catalog(), route, who, ctx.faults().get().plan());
        Repository r = v.repository();
        Access.checkRevision(r, route.revision());
        String path = PathCodec.repoPath(route.rawFileSegments());
        if (PathCodec.isHidden(path)) {
            throw HttpError.entryNotFound(path);
        }
        RepoFile file = r.file(path).orElseThrow(() -> HttpError.entryNotFound(path));
        if (v.gated().isPresent() && who != Principal.OWNER) {
            throw HttpError.gated(r.id(), who.authenticated());
        }
        Path real = confined(r, path);
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
        if (attrs.size() != file.size() || !attrs.lastModifiedTime().equals(file.modified())) {
            throw HttpError.changing(r.id());
        }
        String etag = "\"" + file.etag() + "\"";
        reply.header("X-Repo-Commit", r.sha());
        reply.header("ETag", etag);
        reply.header("Accept-Ranges", "bytes");
        if (file.lfs()) {
            reply.header("X-Linked-Etag", "\"" + file.sha256() + "\"");
            reply.header("X-Linked-Size", Long.toString(file.size()));
        }
        String contentType = contentType(path);
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
        if (range == null && ifNoneMatch != null && matches(ifNoneMatch, file.etag())) {
            reply.empty(304);
            return;
        }
        long total = file.size();
        Optional<long[]> span = range == null ? Optional.empty() : parseRange(range, total);
        if (span.isEmpty()) {
            reply.file(200, real, 0, total, contentType);
            return;
        }
        long[] s = span.get();
        reply.header("Content-Range", "bytes " + s[0] + "-" + s[1] + "/" + total);
        reply.file(206, real, s[0], s[1] - s[0] + 1, contentType);
    }

    private static Path confined(Repository r, String path) throws IOException {
        Path repoReal = r.dir().toRealPath();
        Path real;
        try {
            real = repoReal.resolve(path).toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw HttpError.changing(r.id()); // deleted since the commit was published
        }
        if (!real.startsWith(repoReal)) {
            LOG.warn("{}: refusing {}: it resolves to {}, outside the repository", r.id(), path, real);
            throw HttpError.entryNotFound(path);
        }
        return real;
    }

    /**
     * The inclusive span of a single byte range; empty when the header is to be ignored (multiple
     * ranges, other units, bad syntax).
     *
     * @throws HttpError 416 when the range starts at or after the end
     */
    static Optional<long[]> parseRange(String header, long total) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return Optional.empty();
                }
                long n = Long.parseLong(b);
                if (n <= 0 || total == 0) {
                    throw unsatisfiable(total);
                }
                return Optional.of(new long[] {Math.max(0, total - n), total - 1});
            }
            long start = Long.parseLong(a);
            long end = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (start < 0 || end < start) {
                return Optional.empty(); // syntactically invalid: ignored, as RFC 9110 allows
            }
            if (start >= total) {
                throw unsatisfiable(total);
            }
            return Optional.of(new long[] {start, Math.min(end, total - 1)});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static HttpError unsatisfiable(long total) {
        return new HttpError(416, Optional.empty(), "Requested Range Not Satisfiable", Map.of("Content-Range", "bytes */" + total));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String t : ifNoneMatch.split(",")) {
            String s = t.trim();
            if (s.startsWith("W/")) {
                s = s.substring(2);
            }
            if (s.equals("*") || s.replace("\"", "").equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String contentType(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        if (p.endsWith(".md") || p.endsWith(".txt") || p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".py")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }
}

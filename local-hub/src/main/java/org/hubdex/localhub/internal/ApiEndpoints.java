package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.hubdex.localhub.FaultPlan;

/**
 * {@code GET /api/models} (listing with filters, sort, payload choice and {@code Link} cursor
 * pagination), {@code GET /api/models/{id}[/revision/{rev}]} (model info) and
 * {@code GET /api/models/{id}/tree/{rev}[/{path}]} (file tree, paginated). Thread-safe.
 */
final class ApiEndpoints {

    private final HubContext ctx;

    ApiEndpoints(HubContext ctx) {
        this.ctx = ctx;
    }

    void list(HttpExchange ex, Reply reply, Principal who) throws IOException {
        QueryParams q = QueryParams.parse(ex.getRequestURI().getRawQuery());
        ListingQuery lq = ListingQuery.parse(q, ctx.json());
        Catalog catalog = ctx.scanner().catalog();
        FaultPlan plan = ctx.faults().get().plan();
        Repository[] all = catalog.sorted(lq.sort());
        int i = lq.cursor().map(c -> catalog.indexAfter(lq.sort(), c.value(), c.id())).orElse(0);
        ArrayNode page = ctx.json().createArrayNode();
        Repository last = null;
        boolean more = false;
        for (; i < all.length; i++) {
            Repository r = all[i];
            if (!Access.listed(r, who)) {
                continue;
            }
            ModelView v = new ModelView(r, Access.gated(r, plan), catalog.childrenCount(r.id()));
            if (!lq.matches(v)) {
                continue;
            }
            if (page.size() == lq.limit()) {
                more = true;
                break;
            }
            page.add(ctx.models().render(v, lq.fields(), false));
            last = r;
        }
        if (more) {
            String cursor = new Cursor(lq.sort(), lq.sort().value(last), last.id()).encode(ctx.json());
            reply.header("Link", "<" + base(ex) + "/api/models?" + q.withCursor(cursor) + ">; rel=\"next\"");
        }
        reply.json(200, page.toString());
    }

    void info(Route route, HttpExchange ex, Reply reply, Principal who) throws IOException {
        QueryParams q = QueryParams.parse(ex.getRequestURI().getRawQuery());
        ModelView v = Access.open(ctx.scanner().catalog(), route, who, ctx.faults().get().plan());
        Access.checkRevision(v.repository(), route.revision());
        List<String> fields = ModelJson.INFO_DEFAULT;
        if (q.has("expand")) {
            fields = ListingQuery.parse(onlyExpand(q), ctx.json()).fields();
        }
        reply.json(200, ctx.models().render(v, fields, q.flag("blobs")).toString());
    }

    void tree(Route route, HttpExchange ex, Reply reply, Principal who) throws IOException {
        QueryParams q = QueryParams.parse(ex.getRequestURI().getRawQuery());
        ModelView v = Access.open(ctx.scanner().catalog(), route, who, ctx.faults().get().plan());
        Repository r = v.repository();
        Access.checkRevision(r, route.revision());
        String prefix = route.rawFileSegments().isEmpty() ? "" : PathCodec.repoPath(route.rawFileSegments());
        if (!prefix.isEmpty() && PathCodec.isHidden(prefix)) {
            throw HttpError.entryNotFound(prefix);
        }
        boolean recursive = q.flag("recursive");
        int limit = ListingQuery.MAX_LIMIT;
        if (q.first("limit").isPresent()) {
            try {
                limit = Math.min(ListingQuery.MAX_LIMIT, Integer.parseInt(q.first("limit").get()));
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Invalid limit '" + q.first("limit").get() + "'");
            }
            if (limit < 1) {
                throw HttpError.badRequest("Invalid limit " + limit);
            }
        }
        Optional<String> after = q.first("cursor").map(ApiEndpoints::decodeTreeCursor);
        TreeMap<String, ObjectNode> entries = entries(r, prefix, recursive);
        ArrayNode page = ctx.json().createArrayNode();
        String last = null;
        boolean more = false;
        for (var e : (after.isPresent() ? entries.tailMap(after.get(), false) : entries).entrySet()) {
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(e.getValue());
            last = e.getKey();
        }
        if (more) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ctx.json().createObjectNode().put("v", 1).put("p", last).toString().getBytes(StandardCharsets.UTF_8));
            reply.header("Link", "<" + base(ex) + ex.getRequestURI().getRawPath() + "?" + q.withCursor(cursor) + ">; rel=\"next\"");
        }
        reply.json(200, page.toString());
    }

    /** The tree entries under {@code prefix} (a directory, or the root when empty), by path. */
    private TreeMap<String, ObjectNode> entries(Repository r, String prefix, boolean recursive) {
        String under = prefix.isEmpty() ? "" : prefix + "/";
        TreeMap<String, ObjectNode> out = new TreeMap<>();
        TreeMap<String, List<RepoFile>> dirs = new TreeMap<>();
        boolean prefixIsDir = prefix.isEmpty();
        for (RepoFile f : r.files()) {
            if (f.path().equals(prefix)) {
                throw HttpError.entryNotFound(prefix); // a file, not a folder
            }
            if (!f.path().startsWith(under)) {
                continue;
            }
            prefixIsDir = true;
            String rest = f.path().substring(under.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                out.put(f.path(), fileEntry(f));
            } else if (recursive) {
                out.put(f.path(), fileEntry(f));
            }
            // Every folder between the prefix and the file (only the first level when not recursive).
            for (int s = rest.indexOf('/'); s >= 0; s = rest.indexOf('/', s + 1)) {
                dirs.computeIfAbsent(under + rest.substring(0, s), k -> new ArrayList<>()).add(f);
                if (!recursive) {
                    break;
                }
            }
        }
        if (!prefixIsDir) {
            throw HttpError.entryNotFound(prefix);
        }
        dirs.forEach((path, files) -> {
            if (recursive || !path.substring(under.length()).contains("/")) {
                out.put(path, ctx.json().createObjectNode().put("type", "directory").put("oid", treeOid(path, r)).put("size", 0)
                        .put("path", path));
            }
        });
        return out;
    }

    private ObjectNode fileEntry(RepoFile f) {
        ObjectNode n = ctx.json().createObjectNode().put("type", "file").put("oid", f.gitOid()).put("size", f.size()).put("path", f.path());
        if (f.lfs()) {
            n.putObject("lfs").put("oid", f.sha256()).put("size", f.size())
                    .put("pointerSize", RepoFile.lfsPointer(f.sha256(), f.size()).getBytes(StandardCharsets.UTF_8).length);
        }
        return n;
    }

    /** A stable id for a folder: SHA-1 over its files' paths and object ids (not git's tree hash, which clients never recompute). */
    private static String treeOid(String dir, Repository r) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (RepoFile f : r.files()) {
                if (f.path().startsWith(dir + "/")) {
                    sha1.update((f.path() + " " + f.gitOid() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }

    private static String decodeTreeCursor(String text) {
        try {
            JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(text),
                    StandardCharsets.UTF_8));
            if (n != null && n.path("v").asInt() == 1 && n.path("p").isTextual()) {
                return n.path("p").asText();
            }
        } catch (IllegalArgumentException | IOException e) {
            // fall through
        }
        throw HttpError.badRequest("Invalid cursor");
    }

    /** The {@code expand} parameters alone, validated by the listing's rules. */
    private static QueryParams onlyExpand(QueryParams q) {
        StringBuilder sb = new StringBuilder();
        for (String e : q.all("expand")) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append("expand=").append(java.net.URLEncoder.encode(e, StandardCharsets.UTF_8));
        }
        return QueryParams.parse(sb.toString());
    }

    /** {@code http://<Host>}: next links point back at the address the client used. */
    static String base(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            host = ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort();
        }
        return "http://" + host;
    }
}

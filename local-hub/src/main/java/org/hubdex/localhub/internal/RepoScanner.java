package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.hubdex.localhub.CommitSha;
import org.hubdex.localhub.ScanResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers the repositories under the hub root ({@code <root>/<author>/<name>/}) and keeps one
 * published {@link Repository} per folder, replacing it when the folder's content changes.
 *
 * <p>Cheap rescans: each file's size and modification time are remembered, and only files whose
 * pair changed are hashed again, so rescanning 10,000 quiet repositories costs a directory walk.
 * Settling: a folder with a file (or directory) modified within the settle time of the clock's
 * "now" keeps its previous commit, or stays unlisted when new, until it is quiet, so a half-copied
 * update is never served. The time a model is first listed becomes its {@code createdAt} (unless
 * {@code .hub.json} gives one), and the time a commit is first listed its {@code lastModified}; both
 * never go backwards between scans.
 *
 * <p>Thread-safety: {@link #scan()} is synchronized (one scan at a time); {@link #catalog()} may be
 * read from any thread and returns an immutable snapshot.
 */
public final class RepoScanner {

    private static final Logger LOG = LoggerFactory.getLogger(RepoScanner.class);
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final String HUB_JSON = ".hub.json";
    private static final int MAX_CARD_BYTES = 1 << 20;
    private static final int MAX_CONFIG_BYTES = 16 << 20;

    private final Path root;
    private final Path realRoot;
    private final Duration settle;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, State> states = new HashMap<>();
    private final Set<Path> warnedOutside = new HashSet<>();
    private volatile Catalog catalog = Catalog.EMPTY;
    private Instant lastStamp = Instant.EPOCH;

    public RepoScanner(Path root, Duration settle, Clock clock, ObjectMapper json) {
        this.root = root;
        this.settle = settle;
        this.clock = clock;
        this.json = json;
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot resolve hub root " + root, e);
        }
    }

    /** The published repositories after the last scan. */
    public Catalog catalog() {
        return catalog;
    }

    /** Scans the root once and publishes what changed. */
    public synchronized ScanResult scan() {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        Instant stamp = now.truncatedTo(ChronoUnit.MILLIS);
        if (stamp.isBefore(lastStamp)) {
            stamp = lastStamp; // a clock stepping back must not make a new model look older than a listed one
        }
        lastStamp = stamp;
        ScanContext ctx = new ScanContext(now, stamp);
        Set<String> present = new HashSet<>();
        for (Path authorDir : children(root)) {
            String author = authorDir.getFileName().toString();
            if (!SEGMENT.matcher(author).matches() || !insideRoot(authorDir)) {
                continue;
            }
            for (Path repoDir : children(authorDir)) {
                String name = repoDir.getFileName().toString();
                if (!SEGMENT.matcher(name).matches()) {
                    continue;
                }
                if (Files.isSymbolicLink(repoDir)) {
                    // CommitSha walks a repository folder without following a link to it: serve real folders only.
                    if (warnedOutside.add(repoDir)) {
                        LOG.warn("not serving {}: a repository folder must be a directory, not a symbolic link", repoDir);
                    }
                    continue;
                }
                String id = author + "/" + name;
                present.add(id);
                State state = states.computeIfAbsent(id, k -> new State(k, author, repoDir));
                scanRepository(state, ctx);
            }
        }
        for (Iterator<Map.Entry<String, State>> it = states.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, State> e = it.next();
            if (!present.contains(e.getKey())) {
                if (e.getValue().published != null) {
                    ctx.removed.add(e.getKey());
                }
                it.remove();
            }
        }
        List<Repository> published = new ArrayList<>();
        for (State s : states.values()) {
            if (s.published != null) {
                published.add(s.published);
            }
        }
        catalog = new Catalog(published);
        ScanResult result = new ScanResult(published.size(), sorted(ctx.added), sorted(ctx.updated), sorted(ctx.removed),
                sorted(ctx.unsettled), ctx.hashedBytes, Duration.ofNanos(System.nanoTime() - t0));
        if (!result.added().isEmpty() || !result.updated().isEmpty() || !result.removed().isEmpty()) {
            LOG.info("scan: {} models ({} added, {} updated, {} removed, {} unsettled), hashed {} bytes in {} ms", result.models(),
                    result.added().size(), result.updated().size(), result.removed().size(), result.unsettled().size(),
                    result.hashedBytes(), result.took().toMillis());
        }
        return result;
    }

    private void scanRepository(State state, ScanContext ctx) {
        Walk walk;
        try {
            walk = walk(state.dir);
        } catch (NoSuchFileException e) {
            ctx.unsettled.add(state.id); // deleted while we scanned: gone at the next scan
            return;
        } catch (IOException e) {
            LOG.warn("{}: cannot list {}: {}", state.id, state.dir, e.toString());
            ctx.unsettled.add(state.id);
            return;
        }
        if (walk.incomplete) {
            ctx.unsettled.add(state.id);
            return;
        }
        if (walk.files.isEmpty()) {
            // A folder without a served file is not a repository (yet, or any more).
            if (state.published != null) {
                ctx.removed.add(state.id);
            }
            state.reset();
            return;
        }
        boolean sameFiles = walk.files.equals(state.seenFiles);
        boolean sameHubJson = Objects.equals(walk.hubJson, state.seenHubJson);
        if (state.published != null && sameFiles && sameHubJson) {
            return;
        }
        if (walk.newest.toInstant().isAfter(ctx.now.minus(settle))) {
            ctx.unsettled.add(state.id);
            return;
        }
        SortedMap<String, RepoFile> files = new TreeMap<>();
        for (Map.Entry<String, Stat> e : walk.files.entrySet()) {
            RepoFile cached = state.hashed.get(e.getKey());
            Stat stat = e.getValue();
            if (cached != null && cached.size() == stat.size && cached.modified().equals(stat.modified)) {
                files.put(e.getKey(), cached);
                continue;
            }
            Optional<RepoFile> hashed = hash(state.dir.resolve(e.getKey()), e.getKey(), stat, ctx);
            if (hashed.isEmpty()) {
                ctx.unsettled.add(state.id);
                return;
            }
            files.put(e.getKey(), hashed.get());
        }
        state.hashed.clear();
        state.hashed.putAll(files);
        SortedMap<String, String> digests = new TreeMap<>();
        files.forEach((path, f) -> digests.put(path, f.sha256()));
        String sha = CommitSha.of(digests);
        HubAttributes attributes = sameHubJson && state.published != null ? state.published.attributes()
                : HubAttributes.read(state.dir.resolve(HUB_JSON), json);
        Repository before = state.published;
        Repository after;
        if (before != null && before.sha().equals(sha)) {
            // Same content (files touched or .hub.json edited): keep the commit and its lastModified.
            after = new Repository(state.id, state.author, state.dir, sha, attributes.createdAt().orElse(before.createdAt()),
                    before.lastModified(), List.copyOf(files.values()), attributes, before.card(), before.config(),
                    before.safetensors(), before.tags());
        } else {
            Instant createdAt = attributes.createdAt().orElse(before != null ? before.createdAt() : ctx.stamp);
            Instant lastModified = before != null ? ctx.stamp : attributes.lastModified().or(attributes::createdAt).orElse(ctx.stamp);
            after = describe(state, sha, files, attributes, createdAt, lastModified);
            (before == null ? ctx.added : ctx.updated).add(state.id);
        }
        state.published = after;
        state.seenFiles = walk.files;
        state.seenHubJson = walk.hubJson;
    }

    private Repository describe(State state, String sha, SortedMap<String, RepoFile> files, HubAttributes attributes, Instant createdAt,
            Instant lastModified) {
        ModelCard card = ModelCard.EMPTY;
        if (files.containsKey("README.md")) {
            card = readText(state.dir.resolve("README.md"), MAX_CARD_BYTES).map(t -> ModelCard.parse(t, state.id + "/README.md"))
                    .orElse(ModelCard.EMPTY);
        }
        Optional<JsonNode> config = Optional.empty();
        if (files.containsKey("config.json")) {
            config = readConfig(state.dir.resolve("config.json"), state.id);
        }
        Optional<SafetensorsSummary> safetensors = SafetensorsSummary.read(state.dir, files, json, state.id);
        boolean hasSafetensors = files.keySet().stream().anyMatch(p -> p.endsWith(".safetensors"));
        return new Repository(state.id, state.author, state.dir, sha, createdAt, lastModified, List.copyOf(files.values()), attributes,
                card, config, safetensors, ModelTags.derive(card, hasSafetensors));
    }

    private Optional<JsonNode> readConfig(Path file, String id) {
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                LOG.warn("{}: config.json is larger than {} bytes; omitting the config field", id, MAX_CONFIG_BYTES);
                return Optional.empty();
            }
            JsonNode n = json.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                LOG.warn("{}: config.json is not a JSON object; omitting the config field", id);
                return Optional.empty();
            }
            // The hub's config field is a digest of config.json, not all of it.
            ObjectNode out = json.createObjectNode();
            for (String field : List.of("architectures", "model_type")) {
                if (n.has(field)) {
                    out.set(field, n.get(field));
                }
            }
            return Optional.of(out);
        } catch (IOException e) {
            LOG.warn("{}: config.json does not parse ({}); omitting the config field", id, e.getMessage().lines().findFirst().orElse(""));
            return Optional.empty();
        }
    }

    private Optional<String> readText(Path file, int maxBytes) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** SHA-256 and git object id in one pass; empty when the file changed size while read. */
    private Optional<RepoFile> hash(Path file, String path, Stat stat, ScanContext ctx) {
        boolean lfs = RepoFile.isLfs(path, stat.size);
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest git = digest("SHA-1");
        git.update(("blob " + stat.size + "\0").getBytes(StandardCharsets.US_ASCII));
        long read = 0;
        byte[] buffer = ctx.buffer;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                if (!lfs) {
                    git.update(buffer, 0, n);
                }
                read += n;
            }
        } catch (IOException e) {
            LOG.debug("cannot hash {}: {}", file, e.toString());
            return Optional.empty();
        }
        ctx.hashedBytes += read;
        if (read != stat.size) {
            return Optional.empty();
        }
        String sha = HexFormat.of().formatHex(sha256.digest());
        String oid;
        if (lfs) {
            byte[] pointer = RepoFile.lfsPointer(sha, stat.size).getBytes(StandardCharsets.UTF_8);
            MessageDigest p = digest("SHA-1");
            p.update(("blob " + pointer.length + "\0").getBytes(StandardCharsets.US_ASCII));
            oid = HexFormat.of().formatHex(p.digest(pointer));
        } else {
            oid = HexFormat.of().formatHex(git.digest());
        }
        return Optional.of(new RepoFile(path, stat.size, stat.modified, sha, oid, lfs));
    }

    private Walk walk(Path repoDir) throws IOException {
        // Walk the real folder: walkFileTree treats a symbolic link given as the start as a file.
        Path dir = repoDir.toRealPath();
        Path realDir = dir;
        Walk w = new Walk();
        Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir) && d.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                w.touch(attrs.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String rel = CommitSha.relativePath(dir, f);
                if (rel.equals(HUB_JSON)) {
                    w.hubJson = new Stat(attrs.size(), attrs.lastModifiedTime());
                    w.touch(attrs.lastModifiedTime());
                    return FileVisitResult.CONTINUE;
                }
                if (f.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                BasicFileAttributes a = attrs;
                if (attrs.isSymbolicLink()) {
                    Path real;
                    try {
                        real = f.toRealPath();
                    } catch (IOException e) {
                        return FileVisitResult.CONTINUE; // dangling link
                    }
                    if (!real.startsWith(realDir)) {
                        warnOutside(f, real);
                        return FileVisitResult.CONTINUE;
                    }
                    a = Files.readAttributes(real, BasicFileAttributes.class);
                }
                if (a.isRegularFile()) {
                    w.files.put(rel, new Stat(a.size(), a.lastModifiedTime()));
                    w.touch(a.lastModifiedTime());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                if (e instanceof NoSuchFileException) {
                    w.incomplete = true; // deleted while we walked: the folder is changing
                } else {
                    LOG.warn("cannot read {}: {}", f, e.toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return w;
    }

    private List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".") && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.toString());
        }
        return out;
    }

    private boolean insideRoot(Path dir) {
        if (!Files.isSymbolicLink(dir)) {
            return true;
        }
        try {
            Path real = dir.toRealPath();
            if (real.startsWith(realRoot)) {
                return true;
            }
            warnOutside(dir, real);
        } catch (IOException e) {
            LOG.debug("cannot resolve {}: {}", dir, e.toString());
        }
        return false;
    }

    private void warnOutside(Path link, Path target) {
        if (warnedOutside.add(link)) {
            LOG.warn("not serving {}: it links to {}, outside its repository", link, target);
        }
    }

    private static List<String> sorted(List<String> ids) {
        return new ArrayList<>(new java.util.TreeSet<>(ids));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
        }
    }

    /** Size and modification time of a file: its identity between scans. */
    private record Stat(long size, FileTime modified) {
    }

    private static final class Walk {
        final Map<String, Stat> files = new TreeMap<>();
        Stat hubJson;
        FileTime newest = FileTime.fromMillis(0);
        boolean incomplete;

        void touch(FileTime t) {
            if (t.compareTo(newest) > 0) {
                newest = t;
            }
        }
    }

    private static final class State {
        final String id;
        final String author;
        final Path dir;
        final Map<String, RepoFile> hashed = new HashMap<>();
        Map<String, Stat> seenFiles = Map.of();
        Stat seenHubJson;
        Repository published;

        State(String id, String author, Path dir) {
            this.id = id;
            this.author = author;
            this.dir = dir;
        }

        void reset() {
            hashed.clear();
            seenFiles = Map.of();
            seenHubJson = null;
            published = null;
        }
    }

    private static final class ScanContext {
        final Instant now;
        final Instant stamp;
        final byte[] buffer = new byte[1 << 16];
        final List<String> added = new ArrayList<>();
        final List<String> updated = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        final List<String> unsettled = new ArrayList<>();
        long hashedBytes;

        ScanContext(Instant now, Instant stamp) {
            this.now = now;
            this.stamp = stamp;
        }
    }
}

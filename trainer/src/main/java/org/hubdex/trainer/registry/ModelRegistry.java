package org.hubdex.trainer.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry: published model versions in a directory laid out like an object store, so that the same
 * layout can later live in a bucket.
 *
 * <pre>
 * registry/
 *   current                      the current version's id, one line; replaced by an atomic rename
 *   &lt;version&gt;/...                the version's files, as staged
 *   &lt;version&gt;/MANIFEST.json      {@link VersionManifest}, written last: present = the version is complete
 *   &lt;version&gt;/RETIRED            present once the version is retired
 *   .lock, .tmp-*                writer lock, temporary files
 * </pre>
 *
 * <p><b>Crash safety.</b> {@link #publish} copies the files in, then writes {@code MANIFEST.json} (temporary file,
 * fsync, atomic rename), then {@code current} the same way. A crash at any point leaves {@code current} naming a
 * complete version (the old one until the last rename, the new one after); a version directory without a manifest
 * is incomplete: readers ignore it, {@link #incompleteVersions()} lists it (and {@link #versions()} logs it once it
 * is older than a publish takes), the next publish of that id or
 * {@link #prune} removes it. Publishing the same version with the same manifest again finishes an interrupted
 * publish.
 *
 * <p><b>Concurrency.</b> Readers ({@link #current}, {@link #versions}, {@link #manifest}, {@link #path}) take no
 * lock and may run in other processes: every file they read appears whole or not at all. Writers ({@link #publish},
 * {@link #retire}, {@link #prune}) take a lock per registry directory (threads and processes). Versions are immutable
 * once complete. Thread-safe.
 */
@SuppressWarnings("try") // the writer lock is held by try-with-resources, not referenced in the body
public final class ModelRegistry {

    /** The manifest's file name inside a version directory. */
    public static final String MANIFEST = "MANIFEST.json";
    /** The file naming the current version. */
    public static final String CURRENT = "current";
    /** The marker file of a retired version. */
    public static final String RETIRED = "RETIRED";

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    private final Path root;
    private final Clock clock;
    private final PublishObserver observer;
    private final Set<String> reportedIncomplete = ConcurrentHashMap.newKeySet();
    private String lastIssuedSecond;
    private int lastIssuedSuffix = -1;

    ModelRegistry(Path root, Clock clock, PublishObserver observer) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new RegistryIoException("cannot create the registry directory " + this.root + ": " + e, e);
        }
    }

    /** The registry in {@code root}, created (empty) if missing. */
    public static ModelRegistry open(Path root) {
        return new ModelRegistry(root, Clock.systemUTC(), PublishObserver.NONE);
    }

    /** The registry's directory. */
    public Path root() {
        return root;
    }

    /**
     * A fresh version id for a version trained at {@code time}: its UTC second ({@code 2026-11-25T19-04-05Z}), with a
     * suffix ({@code -1}, {@code -2}, ...) when this registry already issued or holds that id. Ids sort by
     * {@link VersionIds#ORDER}. Unique among the ids this instance issues and the directories present; two
     * processes publishing the same id at once are caught by {@link #publish} ({@link VersionExistsException}).
     */
    public synchronized String newVersionId(Instant time) {
        String second = VersionIds.ofSecond(time);
        for (int n = 0; ; n++) {
            if (second.equals(lastIssuedSecond) && n <= lastIssuedSuffix) {
                continue;
            }
            String id = VersionIds.withSuffix(second, n);
            if (!Files.exists(root.resolve(id), LinkOption.NOFOLLOW_LINKS)) {
                lastIssuedSecond = second;
                lastIssuedSuffix = n;
                return id;
            }
        }
    }

    /**
     * Publishes {@code version}: copies every file under {@code stagedDir} (kept as it is) into
     * {@code registry/<version>/}, writes {@code manifest} as its {@code MANIFEST.json}, then makes it current.
     * Returns when all of it is on disk.
     *
     * <p>{@code manifest.previousVersion()} must be the version current now: the candidate was gated against it,
     * and a publish in between makes the gate's verdict stale ({@link StaleCandidateException}). Publishing a
     * complete version again with an equal manifest finishes an interrupted publish (or does nothing if it is
     * current); with another manifest it is a {@link VersionExistsException}.
     *
     * @throws InvalidStagedFilesException the staged directory is missing, empty, or holds links or reserved names
     *         ({@value #MANIFEST}, {@value #RETIRED} at its top)
     */
    public void publish(String version, Path stagedDir, VersionManifest manifest) {
        VersionIds.require(version);
        Objects.requireNonNull(manifest, "manifest");
        if (!manifest.version().equals(version)) {
            throw new IllegalArgumentException("the manifest is of version " + manifest.version() + ", not " + version);
        }
        Path dir = root.resolve(version);
        List<Path> files = stagedFiles(stagedDir, dir);
        try (WriterLock lock = WriterLock.acquire(root)) {
            Optional<String> current = current();
            if (isComplete(dir)) {
                VersionManifest existing = manifest(version);
                if (!existing.equals(manifest)) {
                    throw new VersionExistsException("version " + version + " is already in " + root + " with another manifest;"
                            + " versions are immutable: publish under a new id (newVersionId)");
                }
                if (current.equals(Optional.of(version))) {
                    LOG.info("Version {} is already published and current in {}", version, root);
                    return;
                }
                requirePrevious(manifest, current);
                LOG.info("Version {} is complete but not current (a publish stopped before moving current): finishing it", version);
            } else {
                requirePrevious(manifest, current);
                copyIn(version, stagedDir, files, dir);
                byte[] json = ManifestJson.write(manifest);
                Path temp = RegistryFiles.writeTemp(dir.resolve(MANIFEST), json);
                observer.reached(PublishStep.MANIFEST_STAGED, version);
                RegistryFiles.replace(temp, dir.resolve(MANIFEST));
                observer.reached(PublishStep.MANIFEST_WRITTEN, version);
            }
            Path temp = RegistryFiles.writeTemp(root.resolve(CURRENT), (version + "\n").getBytes(StandardCharsets.UTF_8));
            observer.reached(PublishStep.CURRENT_STAGED, version);
            RegistryFiles.replace(temp, root.resolve(CURRENT));
            observer.reached(PublishStep.CURRENT_MOVED, version);
            reportedIncomplete.remove(version);
            LOG.info("Published {} ({} files) in {}; it replaces {}", version, files.size(), root, current.orElse("nothing"));
        } catch (IOException e) {
            throw new RegistryIoException("publishing " + version + " into " + root + " failed (the previous current version stays): " + e, e);
        }
    }

    /** The current version, if one was ever published. */
    public Optional<String> current() {
        Path file = root.resolve(CURRENT);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RegistryIoException("cannot read " + file + ": " + e, e);
        }
        if (!VersionIds.isValid(text)) {
            throw new CorruptRegistryException(file + " must hold one version id, holds '" + text + "'");
        }
        if (!isComplete(root.resolve(text))) {
            throw new CorruptRegistryException(file + " names " + text + ", which has no " + MANIFEST + " in " + root);
        }
        return Optional.of(text);
    }

    /** The directory of a complete version, to read its files from. */
    public Path path(String version) {
        return requireComplete(version);
    }

    /** Every complete version, retired ones included, oldest first ({@link VersionIds#ORDER}). */
    public List<String> versions() {
        List<String> complete = new ArrayList<>();
        for (String id : versionDirectories()) {
            if (isComplete(root.resolve(id))) {
                complete.add(id);
            } else if (looksAbandoned(root.resolve(id)) && reportedIncomplete.add(id)) {
                LOG.warn("Ignoring {} in {}: it has had no {} for over {} min, the leftover of an interrupted publish; prune removes it",
                        id, root, MANIFEST, ABANDONED_AFTER.toMinutes());
            }
        }
        complete.sort(VersionIds.ORDER);
        return List.copyOf(complete);
    }

    /** Version directories without a manifest: interrupted publishes, or one under way. */
    public List<String> incompleteVersions() {
        return versionDirectories().stream().filter(id -> !isComplete(root.resolve(id))).sorted(VersionIds.ORDER).toList();
    }

    /** The manifest of a complete version. */
    public VersionManifest manifest(String version) {
        Path file = requireComplete(version).resolve(MANIFEST);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new VersionNotFoundException("version " + version + " is not in " + root + " (pruned while being read?)", e);
        } catch (IOException e) {
            throw new RegistryIoException("cannot read " + file + ": " + e, e);
        }
        VersionManifest m = ManifestJson.read(bytes, file.toString());
        if (!m.version().equals(version)) {
            throw new CorruptRegistryException(file + " describes version " + m.version() + ", not its directory's " + version);
        }
        return m;
    }

    /** Whether a complete version is retired. */
    public boolean isRetired(String version) {
        return Files.exists(requireComplete(version).resolve(RETIRED));
    }

    /**
     * Marks a complete version retired (a {@value #RETIRED} file beside its manifest); it stays readable until
     * {@link #prune} deletes it. Retiring twice is harmless.
     *
     * @throws CannotRetireCurrentException it is the current version
     */
    public void retire(String version) {
        try (WriterLock lock = WriterLock.acquire(root)) {
            Path dir = requireComplete(version);
            if (current().equals(Optional.of(version))) {
                throw new CannotRetireCurrentException("version " + version + " is current in " + root
                        + "; publish another version before retiring it");
            }
            Path marker = dir.resolve(RETIRED);
            if (Files.exists(marker)) {
                LOG.info("Version {} is already retired", version);
                return;
            }
            Path temp = RegistryFiles.writeTemp(marker, ("retiredAt=" + clock.instant() + "\n").getBytes(StandardCharsets.UTF_8));
            RegistryFiles.replace(temp, marker);
            LOG.info("Retired {} in {}", version, root);
        } catch (IOException e) {
            throw new RegistryIoException("retiring " + version + " in " + root + " failed: " + e, e);
        }
    }

    /**
     * Deletes retired versions but the {@code keep} newest of them, and the leftovers of interrupted publishes
     * (incomplete directories, temporary files). Never deletes the current version or one not retired. A version's
     * manifest goes first, so a crash mid-prune leaves an incomplete version, never a complete one missing files.
     */
    public PruneReport prune(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be 0 or more, got " + keep);
        }
        try (WriterLock lock = WriterLock.acquire(root)) {
            Optional<String> current = current();
            List<String> retired = versions().stream().filter(v -> !current.equals(Optional.of(v)) && isRetired(v)).toList();
            List<String> deleted = retired.subList(0, Math.max(0, retired.size() - keep));
            for (String v : deleted) {
                Path dir = root.resolve(v);
                Files.delete(dir.resolve(MANIFEST));
                RegistryFiles.forceDirectory(dir);
                RegistryFiles.deleteTree(dir);
                LOG.info("Pruned retired version {} from {}", v, root);
            }
            List<String> incomplete = incompleteVersions();
            for (String v : incomplete) {
                RegistryFiles.deleteTree(root.resolve(v));
                reportedIncomplete.remove(v);
                LOG.info("Removed {} from {}: the leftover of an interrupted publish", v, root);
            }
            try (Stream<Path> children = Files.list(root)) {
                for (Path p : children.filter(p -> p.getFileName().toString().startsWith(RegistryFiles.TEMP_PREFIX)).toList()) {
                    RegistryFiles.deleteTree(p);
                }
            }
            return new PruneReport(deleted, incomplete);
        } catch (IOException e) {
            throw new RegistryIoException("pruning " + root + " failed: " + e, e);
        }
    }

    private void copyIn(String version, Path stagedDir, List<Path> files, Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("Removing {} from {}: the incomplete leftover of an interrupted publish of the same id", version, root);
            RegistryFiles.deleteTree(dir);
        }
        Files.createDirectory(dir);
        RegistryFiles.forceDirectory(root);
        observer.reached(PublishStep.DIRECTORY_CREATED, version);
        Set<Path> directories = new TreeSet<>();
        for (Path rel : files) {
            Path target = dir.resolve(rel.toString());
            RegistryFiles.copyDurably(stagedDir.resolve(rel), target);
            directories.add(target.getParent());
            observer.reached(PublishStep.FILE_COPIED, version);
        }
        directories.forEach(RegistryFiles::forceDirectory);
        observer.reached(PublishStep.FILES_COPIED, version);
    }

    private static void requirePrevious(VersionManifest manifest, Optional<String> current) {
        if (!manifest.previousVersion().equals(current)) {
            throw new StaleCandidateException("version " + manifest.version() + " was built against "
                    + manifest.previousVersion().orElse("no version") + " but the registry's current version is "
                    + current.orElse("none") + ": gate it against the current version and publish again");
        }
    }

    private static List<Path> stagedFiles(Path stagedDir, Path versionDir) {
        Objects.requireNonNull(stagedDir, "stagedDir");
        if (!Files.isDirectory(stagedDir)) {
            throw new InvalidStagedFilesException("the staged directory " + stagedDir + " does not exist or is not a directory");
        }
        Path staged = stagedDir.toAbsolutePath().normalize();
        if (staged.startsWith(versionDir)) {
            throw new InvalidStagedFilesException("stage the files outside the version's own directory " + versionDir + ", not in " + stagedDir);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(stagedDir)) {
            for (Path p : walk.sorted().toList()) {
                Path rel = stagedDir.relativize(p);
                if (Files.isSymbolicLink(p)) {
                    throw new InvalidStagedFilesException("the staged file " + p + " is a link; stage the file itself");
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidStagedFilesException("the staged entry " + p + " is not a regular file");
                }
                String name = rel.toString();
                if (name.equals(MANIFEST) || name.equals(RETIRED)) {
                    throw new InvalidStagedFilesException("the staged directory " + stagedDir + " holds " + name
                            + ", a name the registry writes itself; pass the manifest to publish instead");
                }
                files.add(rel);
            }
        } catch (IOException e) {
            throw new InvalidStagedFilesException("cannot list the staged directory " + stagedDir + ": " + e, e);
        }
        if (files.isEmpty()) {
            throw new InvalidStagedFilesException("the staged directory " + stagedDir + " holds no files: a version needs its weights");
        }
        return files;
    }

    private Path requireComplete(String version) {
        VersionIds.require(version);
        Path dir = root.resolve(version);
        if (!isComplete(dir)) {
            throw new VersionNotFoundException("version " + version + " is not in " + root
                    + (Files.isDirectory(dir) ? " (its directory has no " + MANIFEST + ": an interrupted publish)" : "")
                    + "; versions: " + versions());
        }
        return dir;
    }

    /**
     * Whether an incomplete version directory was left behind rather than being written now: a publish copies a
     * version in seconds, so one untouched for {@link #ABANDONED_AFTER} is a crash's leftover. Only decides what
     * is logged; {@link #incompleteVersions()} lists both.
     */
    private boolean looksAbandoned(Path dir) {
        try {
            return Files.getLastModifiedTime(dir).toInstant().isBefore(clock.instant().minus(ABANDONED_AFTER));
        } catch (IOException e) {
            return false; // gone meanwhile: a prune, or a publish that replaced it
        }
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS);
    }

    private List<String> versionDirectories() {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(VersionIds::isValid)
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new RegistryIoException("cannot list " + root + ": " + e, e);
        }
    }
}

package org.hubdex.localhub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The commit sha of a repository folder, derived from its content (see
 * {@code docs/repo-folder-format.md}): SHA-1 over the lines {@code <path>\0<sha256 hex>\n} of every
 * served file, sorted by path. Files and folders whose name starts with {@code .} are not served and
 * do not count.
 *
 * <p>Stateless and thread-safe. The zoo records this value in its manifest, so the ground truth
 * names the same revision the local hub serves.
 */
public final class CommitSha {

    private CommitSha() {
    }

    /** The 40-hex-digit commit sha of the repository folder {@code repo}. */
    public static String of(Path repo) {
        SortedMap<String, String> digests = new TreeMap<>();
        for (Path file : servedFiles(repo)) {
            digests.put(relativePath(repo, file), sha256Hex(file));
        }
        return of(digests);
    }

    /**
     * The commit sha of a repository whose served files have these SHA-256 digests (path, with
     * {@code /} separators, to lower-case hex; the map in natural {@code String} order): the same
     * value as {@link #of(Path)} for a folder holding them. The local hub uses it to hash only the
     * files that changed.
     */
    public static String of(SortedMap<String, String> sha256ByPath) {
        StringBuilder lines = new StringBuilder();
        sha256ByPath.forEach((path, sha256) -> lines.append(path).append('\0').append(sha256).append('\n'));
        return HexFormat.of().formatHex(digest("SHA-1").digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Every served file of the folder, sorted by relative path ({@code /}-separated). A symbolic link
     * counts only when it resolves to a regular file inside the folder: a link escaping the
     * repository is never served.
     */
    public static List<Path> servedFiles(Path repo) {
        Path realRepo;
        try {
            realRepo = repo.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve repository folder " + repo, e);
        }
        try (Stream<Path> walk = Files.walk(repo)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !isHidden(repo.relativize(file)))
                    .filter(file -> !Files.isSymbolicLink(file) || staysInside(file, realRepo))
                    .sorted((a, b) -> relativePath(repo, a).compareTo(relativePath(repo, b)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list repository folder " + repo, e);
        }
    }

    /** The path of {@code file} inside {@code repo}, with {@code /} separators. */
    public static String relativePath(Path repo, Path file) {
        return repo.relativize(file).toString().replace('\\', '/');
    }

    /** SHA-256 of a file's content, as lower-case hex (the hub's {@code lfs.sha256}). */
    public static String sha256Hex(Path file) {
        MessageDigest sha256 = digest("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static boolean staysInside(Path link, Path realRepo) {
        try {
            return link.toRealPath().startsWith(realRepo);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
        }
    }
}

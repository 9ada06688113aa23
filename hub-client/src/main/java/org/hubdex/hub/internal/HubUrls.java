package org.hubdex.hub.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the hub's URLs from repository ids, revisions and paths, encoding each part so that no
 * value can change the URL's structure: a revision is one path segment ({@code refs/pr/1} becomes
 * {@code refs%2Fpr%2F1}), a file path keeps its {@code /} but not {@code ..}. Stateless.
 */
public final class HubUrls {

    /** The default branch. */
    public static final String DEFAULT_REVISION = "main";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    private HubUrls() {
    }

    /** {@code endpoint} as a string without a trailing slash, so paths can be appended. */
    public static String base(URI endpoint) {
        return endpoint.toString().replaceAll("/+$", "");
    }

    /**
     * Checks a repository id: {@code name} or {@code namespace/name}, each part letters, digits, {@code .},
     * {@code _}, {@code -}, starting with a letter or digit, without {@code ..} or {@code --}.
     *
     * @throws IllegalArgumentException naming the id and the rule it breaks
     */
    public static String checkRepoId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a repository id is required, such as 'author/name'");
        }
        String[] parts = id.split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("repository id '" + id + "' has more than one '/': expected 'author/name'");
        }
        for (String p : parts) {
            if (!NAME.matcher(p).matches() || p.contains("..") || p.contains("--") || p.endsWith(".")) {
                throw new IllegalArgumentException("repository id '" + id + "' is not valid: each part must be 1-96 letters, digits, '.', '_' or '-',"
                        + " start with a letter or digit, and contain no '..' or '--'");
            }
        }
        return id;
    }

    /**
     * Checks a path inside a repository: relative, {@code /}-separated, no empty, {@code .} or {@code ..}
     * segment, no control characters.
     */
    public static String checkRepoPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a file path inside the repository is required, such as 'model.safetensors'");
        }
        if (path.startsWith("/") || path.contains("://") || path.contains("\\")) {
            throw new IllegalArgumentException("path '" + path + "' must be relative to the repository root and use '/' separators");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("path '" + path + "' has an empty, '.' or '..' segment");
            }
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new IllegalArgumentException("path '" + path.replaceAll("\\p{Cntrl}", "?") + "' contains a control character");
            }
        }
        return path;
    }

    /** A revision: a branch, tag, commit sha or {@code refs/pr/N}; default {@code main}. */
    public static String revision(Optional<String> revision) {
        String rev = revision.orElse(DEFAULT_REVISION);
        if (rev.isBlank()) {
            throw new IllegalArgumentException("a revision must not be blank; leave it empty for '" + DEFAULT_REVISION + "'");
        }
        for (int i = 0; i < rev.length(); i++) {
            if (Character.isISOControl(rev.charAt(i))) {
                throw new IllegalArgumentException("revision contains a control character at position " + i);
            }
        }
        return rev;
    }

    /** {@code /api/models/{id}[/revision/{rev}][?blobs=true]}. */
    public static URI modelInfo(URI endpoint, String id, Optional<String> revision, boolean blobs) {
        StringBuilder sb = new StringBuilder(base(endpoint)).append("/api/models/").append(encodePath(checkRepoId(id)));
        if (revision.isPresent()) {
            sb.append("/revision/").append(encodeSegment(revision(revision)));
        }
        if (blobs) {
            sb.append("?blobs=true");
        }
        return URI.create(sb.toString());
    }

    /** {@code /api/models/{id}/tree/{rev}[/{path}]?recursive=...}. */
    public static URI tree(URI endpoint, String id, String revision, Optional<String> path, boolean recursive) {
        StringBuilder sb = new StringBuilder(base(endpoint)).append("/api/models/").append(encodePath(checkRepoId(id)))
                .append("/tree/").append(encodeSegment(revision));
        path.ifPresent(p -> sb.append('/').append(encodePath(checkRepoPath(p))));
        sb.append("?recursive=").append(recursive);
        return URI.create(sb.toString());
    }

    /** {@code /{id}/resolve/{rev}/{path}}. */
    public static URI resolve(URI endpoint, String id, String revision, String path) {
        return URI.create(base(endpoint) + "/" + encodePath(checkRepoId(id)) + "/resolve/" + encodeSegment(revision) + "/"
                + encodePath(checkRepoPath(path)));
    }

    /** Percent-encodes everything but the unreserved characters (letters, digits, {@code -._~}), {@code /} included. */
    public static String encodeSegment(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Encodes each {@code /}-separated segment of a path. */
    public static String encodePath(String path) {
        String[] segs = path.split("/", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segs.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(encodeSegment(segs[i]));
        }
        return sb.toString();
    }

    /** Whether two URLs have the same scheme, host and port (default ports filled in). */
    public static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** {@code url} without user info, safe to print. */
    public static URI printable(URI url) {
        if (url == null || url.getRawUserInfo() == null) {
            return url;
        }
        return URI.create(url.toString().replace(url.getRawUserInfo() + "@", ""));
    }
}

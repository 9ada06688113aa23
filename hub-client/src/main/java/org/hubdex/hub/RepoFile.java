package org.hubdex.hub;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a repository tree ({@code GET /api/models/{id}/tree/{rev}}).
 *
 * @param type file or directory
 * @param path path in the repository, {@code /}-separated
 * @param size size in bytes (0 for directories); for LFS files the content size
 * @param oid the git object id
 * @param lfs the LFS pointer, for LFS files
 */
public record RepoFile(Type type, String path, long size, Optional<String> oid, Optional<LfsInfo> lfs) {

    /** The kind of tree entry. */
    public enum Type { FILE, DIRECTORY }

    public RepoFile {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(oid, "oid");
        Objects.requireNonNull(lfs, "lfs");
        if (size < 0) {
            throw new IllegalArgumentException("size of " + path + " cannot be negative, got " + size);
        }
    }

    public boolean isFile() {
        return type == Type.FILE;
    }
}

package org.hubdex.hub;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The LFS pointer of a file stored in LFS: the content's SHA-256 and size.
 *
 * @param sha256 lower-case hex SHA-256 of the content (the hub's {@code lfs.sha256}, or {@code lfs.oid} in trees)
 * @param size content size in bytes
 * @param pointerSize size of the pointer file in git, when the hub says
 */
public record LfsInfo(String sha256, long size, OptionalLong pointerSize) {
    public LfsInfo {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(pointerSize, "pointerSize");
    }
}

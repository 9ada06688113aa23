package org.hubdex.hub;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One file of a repository as model info lists it ({@code siblings[]}). Size, blob id and LFS data
 * come only with {@code blobs=true}.
 *
 * @param rfilename path in the repository, {@code /}-separated
 * @param size file size in bytes ({@code blobs=true})
 * @param blobId the git blob id ({@code blobs=true})
 * @param lfs the LFS pointer when the file is in LFS ({@code blobs=true})
 */
public record Sibling(String rfilename, OptionalLong size, Optional<String> blobId, Optional<LfsInfo> lfs) {
    public Sibling {
        Objects.requireNonNull(rfilename, "rfilename");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(blobId, "blobId");
        Objects.requireNonNull(lfs, "lfs");
    }

    /** A sibling known by name only (a listing without {@code blobs}). */
    public static Sibling named(String rfilename) {
        return new Sibling(rfilename, OptionalLong.empty(), Optional.empty(), Optional.empty());
    }
}

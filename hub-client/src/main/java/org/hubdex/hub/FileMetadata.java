package org.hubdex.hub;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a {@code HEAD /{id}/resolve/{rev}/{path}} says about a file without downloading it.
 *
 * @param commit the commit the revision resolved to ({@code X-Repo-Commit})
 * @param etag the content's etag: {@code X-Linked-Etag} (the LFS SHA-256 for LFS files) when present, else {@code ETag}; without {@code W/} and quotes
 * @param size the content size: {@code X-Linked-Size} when present, else {@code Content-Length}
 * @param location where the content is served: the redirect target when the hub redirects to another host (a CDN), else the resolve URL
 */
public record FileMetadata(Optional<String> commit, Optional<String> etag, OptionalLong size, URI location) {
    public FileMetadata {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(location, "location");
    }
}

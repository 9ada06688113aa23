package org.hubdex.hub;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.hubdex.hub.internal.HubHeaders;
import org.hubdex.hub.internal.HubTransport;
import org.hubdex.hub.internal.HubUrls;
import org.hubdex.weightspace.safetensors.ByteRangeSource;

/**
 * A file of a hub repository read by byte ranges ({@code GET /{id}/resolve/{rev}/{path}} with {@code
 * Range}), for the safetensors reader: the header and chosen tensors are read without downloading
 * the file.
 *
 * <p>Each {@link #read} is one ranged GET through the client's retries and budget. A 206 is checked
 * against the request ({@code Content-Range} must start at the requested offset and end at the
 * requested byte, or earlier only at the end of the file); a 200 (a server or CDN that ignored
 * {@code Range}) is handled by skipping to the offset, keeping the slice and aborting the rest of the
 * transfer. The first response pins the file: later reads go to the commit it resolved to ({@code
 * X-Repo-Commit}), so a push between two reads cannot mix two versions, and straight to the CDN
 * location it redirected to (saving a resolve request of the budget; an expired CDN link falls back
 * to the hub once). {@link #length()} is known after the first read ({@code Content-Range} total or
 * {@code X-Linked-Size}).
 *
 * <p>Lifecycle: {@link HubClient#openFile} sends nothing; reads may follow in any order; {@link
 * #close()} only marks it closed (no connection is held between reads). Not thread-safe: one reader
 * at a time.
 */
public final class RemoteFile implements ByteRangeSource {

    private final HubTransport transport;
    private final String modelId;
    private final String requestedRevision;
    private final String path;
    private URI resolveUrl;
    private URI contentUrl;
    private String commit;
    private String etag;
    private long length = -1;
    private long bytesRead;
    private int requests;
    private boolean closed;

    RemoteFile(HubTransport transport, String modelId, String revision, String path) {
        this.transport = transport;
        this.modelId = modelId;
        this.requestedRevision = revision;
        this.path = path;
        this.resolveUrl = HubUrls.resolve(transport.endpoint(), modelId, revision, path);
    }

    /** The repository id. */
    public String modelId() {
        return modelId;
    }

    /** The path in the repository. */
    public String path() {
        return path;
    }

    /** The revision asked for (branch, tag or commit). */
    public String revision() {
        return requestedRevision;
    }

    /** The commit the revision resolved to, once a response said ({@code X-Repo-Commit}). */
    public Optional<String> commit() {
        return Optional.ofNullable(commit);
    }

    /** The content's etag ({@code X-Linked-Etag}, else {@code ETag}), once a response said. */
    public Optional<String> etag() {
        return Optional.ofNullable(etag);
    }

    /** Ranged requests sent so far (logical reads; retries and redirects are in {@link HubClient#stats()}). */
    public int requestCount() {
        return requests;
    }

    @Override
    public OptionalLong length() {
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public String resource() {
        return HubUrls.resolve(transport.endpoint(), modelId, requestedRevision, path).toString();
    }

    /**
     * Reads {@code length} bytes at {@code offset}; fewer only at the end of the file (none at or after it).
     *
     * @throws RangeNotSatisfiableException when the hub answers 416
     * @throws MalformedResponseException when {@code Content-Range} does not match the request, or the body stays truncated after retries
     * @throws HubException for the other hub conditions (not found, gated, rate limited, ...)
     */
    @Override
    public byte[] read(long offset, int length) throws IOException {
        if (closed) {
            throw new IOException("remote file " + resource() + " is closed");
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative, got offset " + offset + ", length " + length);
        }
        if (length == 0 || (this.length >= 0 && offset >= this.length)) {
            return new byte[0];
        }
        int want = this.length >= 0 ? (int) Math.min(length, this.length - offset) : length;
        requests++;
        try {
            return readPinned(offset, want);
        } catch (RangeNotSatisfiableException e) {
            // The contract of ByteRangeSource: at or past the end, a read returns nothing.
            if (e.fileLength().isPresent() && offset >= e.fileLength().getAsLong()) {
                this.length = e.fileLength().getAsLong();
                return new byte[0];
            }
            throw e;
        }
    }

    private byte[] readPinned(long offset, int want) {
        if (contentUrl != null) {
            try {
                return readFrom(contentUrl, offset, want);
            } catch (HubException e) {
                // A CDN link is signed and expires: go back to the hub once for a fresh one.
                if (e.status().isEmpty() || e.status().getAsInt() >= 500 || e instanceof RangeNotSatisfiableException) {
                    throw e;
                }
                contentUrl = null;
            }
        }
        return readFrom(resolveUrl, offset, want);
    }

    private byte[] readFrom(URI url, long offset, int want) {
        long last = offset + want - 1;
        HubTransport.Call call = new HubTransport.Call("GET", url, Map.of("Range", "bytes=" + offset + "-" + last),
                HubTransport.Redirects.FOLLOW);
        return transport.execute(call, ex -> {
            learn(ex);
            if (ex.status() == 206) {
                return partial(ex, offset, last);
            }
            if (ex.status() == 200) {
                return sliceOfWhole(ex, offset, want);
            }
            throw new MalformedResponseException("expected 206 Partial Content or 200 to a ranged GET, got " + ex.status(),
                    ex.status(), null, transport.display(ex.url()), null);
        });
    }

    private byte[] partial(HubTransport.Exchange ex, long offset, long last) throws IOException {
        HubHeaders.ContentRange cr;
        try {
            cr = HubHeaders.contentRange(ex.headers()).orElseThrow(() -> new IllegalArgumentException("206 without Content-Range"));
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException(e.getMessage() + " for bytes=" + offset + "-" + last, ex.status(), null,
                    transport.display(ex.url()), null);
        }
        boolean endsAtEof = cr.total().isPresent() && cr.last() == cr.total().getAsLong() - 1;
        if (cr.first() != offset || cr.last() > last || (cr.last() < last && !endsAtEof)) {
            throw new MalformedResponseException("Content-Range does not match the request: expected bytes " + offset + "-" + last
                    + ", got " + ex.headers().firstValue("Content-Range").orElse(""), ex.status(), null, transport.display(ex.url()), null);
        }
        cr.total().ifPresent(t -> length = t);
        byte[] data = ex.body().readNBytes((int) cr.length());
        bytesRead += ex.body().delivered();
        if (data.length < cr.length()) {
            throw new HubTransport.TruncatedBodyException("body ended after " + data.length + " of " + cr.length() + " bytes");
        }
        return data;
    }

    private byte[] sliceOfWhole(HubTransport.Exchange ex, long offset, int want) throws IOException {
        OptionalLong total = HubHeaders.longValue(ex.headers(), "Content-Length");
        total.ifPresent(t -> length = t);
        try {
            ex.body().skipNBytes(offset);
        } catch (EOFException e) {
            bytesRead += ex.body().delivered();
            if (total.isPresent()) {
                throw new HubTransport.TruncatedBodyException("body ended before offset " + offset + " of a " + total.getAsLong() + "-byte file");
            }
            length = ex.body().delivered();
            return new byte[0];
        }
        byte[] data = ex.body().readNBytes(want);
        bytesRead += ex.body().delivered();
        if (data.length < want) {
            long end = offset + data.length;
            if (total.isPresent() && end < total.getAsLong()) {
                throw new HubTransport.TruncatedBodyException("body ended after " + end + " of " + total.getAsLong() + " bytes");
            }
            length = end;
        }
        // The rest of the file is not wanted: returning closes the body, which aborts the transfer.
        return data;
    }

    private void learn(HubTransport.Exchange ex) {
        if (commit == null) {
            ex.hubHeaders().firstValue("X-Repo-Commit").map(String::trim).filter(c -> c.matches("[0-9a-f]{40}")).ifPresent(c -> {
                commit = c;
                resolveUrl = HubUrls.resolve(transport.endpoint(), modelId, c, path);
            });
        }
        if (etag == null) {
            HubHeaders.first(ex.hubHeaders(), java.util.List.of("X-Linked-Etag", "ETag")).or(() -> ex.headers().firstValue("ETag"))
                    .map(HubHeaders::normalizeEtag).ifPresent(e -> etag = e);
        }
        if (length < 0) {
            HubHeaders.longValue(ex.hubHeaders(), "X-Linked-Size").ifPresent(s -> length = s);
        }
        if (!transport.isHub(ex.url())) {
            contentUrl = ex.url();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "RemoteFile[" + modelId + "@" + requestedRevision + ":" + path + (commit != null ? " (" + commit + ")" : "") + "]";
    }
}

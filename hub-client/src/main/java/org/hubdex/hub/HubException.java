package org.hubdex.hub;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Root of every error the hub client reports. Subclasses are named after the condition (repository
 * not found, gated, rate limited, ...) so a caller such as the crawler can decide per model whether
 * to skip, retry later or record a dead letter; callers that only need "the hub call failed" catch
 * this type.
 *
 * <p>Unchecked: listings are consumed through {@link Iterable}, which cannot declare checked
 * exceptions, and most conditions (a vanished repository, a gated one) are facts about the hub, not
 * mistakes a caller repairs on the spot.
 *
 * <p>The message names the request (method and URL) and gives expected versus actual. URLs and
 * messages never contain the token: the token only ever travels in the {@code Authorization} header,
 * and text echoed by the server is scrubbed of it before it reaches a message.
 */
public class HubException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Integer status;
    private final String requestId;
    private final URI url;

    /**
     * @param message what went wrong, with the resource
     * @param status the HTTP status, or {@code null} when no response came back
     * @param requestId the hub's {@code X-Request-Id}, or {@code null}
     * @param url the request URL (never with credentials), or {@code null}
     * @param cause the underlying failure, or {@code null}
     */
    public HubException(String message, Integer status, String requestId, URI url, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.requestId = requestId;
        this.url = url;
    }

    public HubException(String message) {
        this(message, null, null, null, null);
    }

    /** The HTTP status of the response that failed, empty when none came back (network failure). */
    public OptionalInt status() {
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The hub's request id ({@code X-Request-Id}), to quote when reporting a problem to the hub. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The URL of the failed request. */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }
}

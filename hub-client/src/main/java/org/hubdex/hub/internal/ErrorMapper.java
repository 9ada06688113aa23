package org.hubdex.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hubdex.hub.BadRequestException;
import org.hubdex.hub.BadTokenException;
import org.hubdex.hub.DisabledRepoException;
import org.hubdex.hub.EntryNotFoundException;
import org.hubdex.hub.GatedRepoException;
import org.hubdex.hub.HubException;
import org.hubdex.hub.HubServerException;
import org.hubdex.hub.RangeNotSatisfiableException;
import org.hubdex.hub.RateLimitedException;
import org.hubdex.hub.RepositoryNotFoundException;
import org.hubdex.hub.RevisionNotFoundException;

/**
 * The one function from an error response (status, {@code X-Error-Code}, {@code X-Error-Message},
 * body) to a typed {@link HubException}, following the hub's conventions: the error code decides
 * first; the disabled-repository message next; then the status, read in the light of the endpoint
 * (the hub answers 401 for a missing repository as for a private one, so that existence does not
 * leak). Stateless.
 */
public final class ErrorMapper {

    /** The message the hub gives for a disabled repository. */
    public static final String DISABLED_MESSAGE = "Access to this resource is disabled.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SERVER_MESSAGE = 300;

    private ErrorMapper() {
    }

    /**
     * The error of a failed request.
     *
     * @param method HTTP method
     * @param url the URL that answered (printable: no credentials)
     * @param status the HTTP status (400 or more)
     * @param headers the response headers
     * @param body the start of the response body (may be empty)
     * @param tokenSent whether the request carried a token
     * @param now the clock's now, to turn {@code RateLimit}/{@code Retry-After} into a reset time
     * @param secret the token, scrubbed from everything the server echoes
     * @param note extra context for the message (for example "after 5 attempts"), may be empty
     */
    public static HubException map(String method, URI url, int status, HttpHeaders headers, String body, boolean tokenSent,
            Instant now, Secret secret, String note) {
        Optional<String> code = headers.firstValue("X-Error-Code").map(String::trim);
        String serverMessage = secret.redact(serverMessage(headers, body));
        String requestId = headers.firstValue("X-Request-Id").orElse(null);
        URI printable = HubUrls.printable(url);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        boolean repoEndpoint = path.contains("/api/models/") || path.contains("/resolve/");
        boolean resolve = path.contains("/resolve/") && !path.startsWith("/api/");
        StringBuilder sb = new StringBuilder();
        sb.append(" (").append(method).append(' ').append(printable).append(" -> ").append(status);
        code.ifPresent(c -> sb.append(" X-Error-Code=").append(c));
        if (!serverMessage.isEmpty()) {
            sb.append(": \"").append(serverMessage).append('"');
        }
        if (requestId != null) {
            sb.append(", request id ").append(requestId);
        }
        if (!note.isEmpty()) {
            sb.append(", ").append(note);
        }
        sb.append(')');
        String context = sb.toString();
        String lowerMessage = serverMessage.toLowerCase(Locale.ROOT);

        if (code.isPresent()) {
            switch (code.get()) {
                case "RepoNotFound":
                    return new RepositoryNotFoundException("repository not found, or private without access" + context, status, requestId, printable, null);
                case "RevisionNotFound":
                    return new RevisionNotFoundException("revision not found" + context, status, requestId, printable, null);
                case "EntryNotFound":
                    return new EntryNotFoundException("file not found in the repository" + context, status, requestId, printable, null);
                case "GatedRepo":
                    return new GatedRepoException("gated repository: access not granted" + (tokenSent ? " to this token" : "; no token was sent (set HF_TOKEN)")
                            + context, status, requestId, printable, null);
                default:
                    break;
            }
        }
        if (lowerMessage.contains(DISABLED_MESSAGE.toLowerCase(Locale.ROOT))) {
            return new DisabledRepoException("repository disabled by the hub" + context, status, requestId, printable, null);
        }
        if (status == 401 && (lowerMessage.contains("invalid credentials") || lowerMessage.contains("invalid user token")
                || lowerMessage.contains("invalid token") || lowerMessage.contains("invalid username or password"))) {
            return new BadTokenException("the hub rejected the token: fix HF_TOKEN" + context, status, requestId, printable, null);
        }
        switch (status) {
            case 401:
                if (repoEndpoint) {
                    return new RepositoryNotFoundException("repository not found, or private/gated without access" + context, status, requestId, printable, null);
                }
                if (tokenSent) {
                    return new BadTokenException("the hub refused the token on an endpoint that needs none: fix HF_TOKEN" + context,
                            status, requestId, printable, null);
                }
                return new HubException("unauthorized" + context, status, requestId, printable, null);
            case 404:
                if (resolve) {
                    return new EntryNotFoundException("file not found" + context, status, requestId, printable, null);
                }
                if (repoEndpoint) {
                    return new RepositoryNotFoundException("repository not found" + context, status, requestId, printable, null);
                }
                return new HubException("not found" + context, status, requestId, printable, null);
            case 400:
            case 422:
                return new BadRequestException("the hub rejected the request as invalid" + context, status, requestId, printable, null);
            case 416: {
                var total = HubHeaders.unsatisfiedTotal(headers);
                return new RangeNotSatisfiableException("range not satisfiable: it starts at or after the end of the file"
                        + (total.isPresent() ? " of " + total.getAsLong() + " bytes" : "") + context, status, requestId, printable, null,
                        total.isPresent() ? total.getAsLong() : null);
            }
            case 429: {
                Instant reset = resetAt(headers, now).orElse(null);
                return new RateLimitedException("rate limited by the hub" + (reset != null ? " until " + reset : "") + context,
                        status, requestId, printable, null, reset);
            }
            case 408:
                return new HubServerException("the hub timed out the request" + context, status, requestId, printable, null);
            default:
                if (status >= 500) {
                    return new HubServerException("hub server error" + context, status, requestId, printable, null);
                }
                return new HubException("unexpected HTTP status, expected 2xx" + context, status, requestId, printable, null);
        }
    }

    /** When the hub's window resets, from {@code RateLimit} ({@code t}) or {@code Retry-After}. */
    public static Optional<Instant> resetAt(HttpHeaders headers, Instant now) {
        Optional<HubHeaders.RateLimit> rl = HubHeaders.rateLimit(headers);
        if (rl.isPresent()) {
            return Optional.of(now.plus(Duration.ofSeconds(rl.get().resetSeconds())));
        }
        return HubHeaders.retryAfter(headers, now).map(now::plus);
    }

    /** {@code X-Error-Message}, else the body's {@code error} field, else the body's start; shortened, on one line. */
    static String serverMessage(HttpHeaders headers, String body) {
        Optional<String> header = HubHeaders.first(headers, List.of("X-Error-Message"));
        String text = header.orElse(null);
        if (text == null && body != null && !body.isBlank()) {
            String b = body.strip();
            if (b.startsWith("{")) {
                try {
                    JsonNode node = JSON.readTree(b);
                    JsonNode err = node.get("error");
                    text = err != null && err.isTextual() ? err.asText() : b;
                } catch (java.io.IOException e) {
                    text = b;
                }
            } else {
                text = b;
            }
        }
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > MAX_SERVER_MESSAGE ? oneLine.substring(0, MAX_SERVER_MESSAGE) + "..." : oneLine;
    }
}

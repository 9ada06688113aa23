package org.hubdex.localhub.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP error answer shaped like the hub's: a status, an optional {@code X-Error-Code}, the
 * message in {@code X-Error-Message} and in the JSON body {@code {"error": message}}. Thrown by the
 * endpoint code and rendered by {@link HubHandler}; never escapes the server.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Optional<String> errorCode;
    private final transient Map<String, String> headers;

    public HttpError(int status, Optional<String> errorCode, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.headers = Map.copyOf(headers);
    }

    public HttpError(int status, String message) {
        this(status, Optional.empty(), message, Map.of());
    }

    public int status() {
        return status;
    }

    public Optional<String> errorCode() {
        return errorCode;
    }

    /** Extra response headers (e.g. {@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }

    /** A missing (or hidden) repository: 401 to anonymous callers, 404 to authenticated ones, like the hub. */
    public static HttpError repoNotFound(boolean authenticated) {
        return new HttpError(authenticated ? 404 : 401, Optional.of("RepoNotFound"), "Repository Not Found", Map.of());
    }

    public static HttpError revisionNotFound(String revision) {
        return new HttpError(404, Optional.of("RevisionNotFound"), "Invalid rev id: " + revision, Map.of());
    }

    public static HttpError entryNotFound(String path) {
        return new HttpError(404, Optional.of("EntryNotFound"), "Entry not found", Map.of());
    }

    /** A gated repository's files: 401 without a token, 403 with one the server does not approve. */
    public static HttpError gated(String modelId, boolean authenticated) {
        String message = authenticated
                ? "Access to model " + modelId + " is restricted and you are not in the authorized list. Visit the model page to ask for access."
                : "Access to model " + modelId + " is restricted. You must have access to it and be authenticated to access it. Please log in.";
        return new HttpError(authenticated ? 403 : 401, Optional.of("GatedRepo"), message, Map.of());
    }

    public static HttpError disabled() {
        return new HttpError(403, Optional.empty(), "Access to this resource is disabled.", Map.of());
    }

    public static HttpError invalidCredentials() {
        return new HttpError(401, Optional.empty(), "Invalid credentials in Authorization header", Map.of());
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError pageNotFound() {
        return new HttpError(404, "Sorry, we can't find the page you are looking for.");
    }

    public static HttpError methodNotAllowed(String method) {
        return new HttpError(405, Optional.empty(), "Method " + method + " not allowed", Map.of());
    }

    /** The answer while a file changed on disk since its commit was published: retry once the folder is quiet. */
    public static HttpError changing(String modelId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Retry-After", "1");
        return new HttpError(503, Optional.empty(), "Repository " + modelId + " is being updated; retry shortly", h);
    }
}

package org.hubdex.localhub;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the server answered, as kept in {@link LocalHubServer#requestLog()}: lets tests prove
 * what a client did (which ranges it read, how often it retried, which fault it met). The token is
 * never recorded, only whether an {@code Authorization} header was present.
 *
 * @param time when the request arrived (server clock)
 * @param requestId the {@code X-Request-Id} the response carried
 * @param method HTTP method
 * @param path raw request path, as sent
 * @param query raw query string, empty when none
 * @param endpoint the endpoint family
 * @param modelId the model the request named, if any
 * @param status the status sent; 0 when the connection was closed without a response (hang, drop)
 * @param fault the injected fault's name ({@code 429}, {@code 500}, {@code slow}, {@code truncate}, {@code ratelimit}...), if any
 * @param range the {@code Range} header, if any
 * @param authorized whether an {@code Authorization} header was sent
 * @param bytesSent body bytes written
 * @param elapsed time from arrival to the end of the response
 */
public record RequestRecord(
        Instant time,
        String requestId,
        String method,
        String path,
        String query,
        HubEndpoint endpoint,
        Optional<String> modelId,
        int status,
        Optional<String> fault,
        Optional<String> range,
        boolean authorized,
        long bytesSent,
        Duration elapsed) {

    public RequestRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}

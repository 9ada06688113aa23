package org.hubdex.localhub;

import java.util.Map;
import java.util.Objects;

/**
 * Counters since the server started (or since {@link LocalHubServer#resetStats()}), also served as
 * JSON by {@code GET /admin/stats}.
 *
 * @param requests every request answered, admin included
 * @param byEndpoint endpoint wire name ({@code list}, {@code info}, {@code tree}, {@code resolve},
 *     {@code admin}, {@code other}) to status code (0 = closed without a response) to count
 * @param faults injected fault name to count
 * @param bytesSent body bytes written
 * @param models models currently listed
 */
public record HubStats(long requests, Map<String, Map<Integer, Long>> byEndpoint, Map<String, Long> faults, long bytesSent, int models) {

    public HubStats {
        Objects.requireNonNull(byEndpoint, "byEndpoint");
        Objects.requireNonNull(faults, "faults");
        byEndpoint = Map.copyOf(byEndpoint);
        faults = Map.copyOf(faults);
    }

    /** Requests to {@code endpoint} answered with {@code status}. */
    public long count(HubEndpoint endpoint, int status) {
        return byEndpoint.getOrDefault(endpoint.wireName(), Map.of()).getOrDefault(status, 0L);
    }

    /** Requests to {@code endpoint}, any status. */
    public long count(HubEndpoint endpoint) {
        return byEndpoint.getOrDefault(endpoint.wireName(), Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }
}

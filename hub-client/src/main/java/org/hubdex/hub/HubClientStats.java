package org.hubdex.hub;

/**
 * Counters of one client since it was built, for metrics and to prove read budgets.
 *
 * @param requests HTTP requests sent (every attempt and redirect hop)
 * @param retries attempts repeated after a retryable failure
 * @param bytesRead response body bytes received (JSON and file content, including bytes skipped to serve a range from a 200)
 */
public record HubClientStats(long requests, long retries, long bytesRead) {
}

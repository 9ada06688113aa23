package org.hubdex.hub.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.hubdex.hub.HubException;
import org.hubdex.hub.HubServerException;
import org.hubdex.hub.HubClientStats;
import org.hubdex.hub.HubUnreachableException;
import org.hubdex.hub.MalformedResponseException;
import org.hubdex.hub.RateLimitedException;
import org.hubdex.hub.RequestBudget;
import org.hubdex.hub.RetryPolicy;
import org.hubdex.hub.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one logical request to the hub: takes it from the request budget, follows redirects itself
 * (at most 5; the {@code Authorization} header goes only to the hub's own origin, so a redirect to a
 * CDN never carries the token), retries network failures and retryable statuses by the {@link
 * RetryPolicy} (server hints first, then backoff), maps errors through {@link ErrorMapper}, and
 * hands a successful response to a {@link BodyHandler} inside the retry loop, so a body that is cut
 * short is fetched again.
 *
 * <p>Every request says {@code Accept-Encoding: identity}: a CDN may ignore {@code Range} on a
 * compressed response. Thread-safe; one instance per client.
 */
public final class HubTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HubTransport.class);
    public static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 8192;

    /** What to do with a redirect to another origin. */
    public enum Redirects {
        /** Follow it (without {@code Authorization}). */
        FOLLOW,
        /** Hand the 3xx response to the body handler (HEAD metadata reports the CDN location). */
        STOP_AT_OTHER_ORIGIN
    }

    /**
     * One logical request.
     *
     * @param method GET or HEAD
     * @param url the first URL
     * @param headers extra headers (e.g. {@code Range})
     * @param redirects what to do with a redirect to another origin
     */
    public record Call(String method, URI url, Map<String, String> headers, Redirects redirects) {
        public Call {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(redirects, "redirects");
        }

        public static Call get(URI url) {
            return new Call("GET", url, Map.of(), Redirects.FOLLOW);
        }
    }

    /**
     * A response that ended the redirect chain.
     *
     * @param method the method of the last hop
     * @param url the URL that answered
     * @param status its status
     * @param headers its headers
     * @param hubHeaders the headers of the last response from the hub's own origin (where {@code X-Repo-Commit}, {@code X-Linked-Size} live when the content comes from a CDN)
     * @param body the body, counted and watched; closed by the transport after the handler returns
     */
    public record Exchange(String method, URI url, int status, HttpHeaders headers, HttpHeaders hubHeaders, WatchedBody body) {
    }

    /** Reads a successful response. IOExceptions other than JSON errors are retried as a truncated or failed body. */
    @FunctionalInterface
    public interface BodyHandler<T> {
        T handle(Exchange exchange) throws IOException;
    }

    /** Thrown by a body handler when the body is shorter than the response announced: the request is repeated. */
    public static final class TruncatedBodyException extends IOException {
        private static final long serialVersionUID = 1L;

        public TruncatedBodyException(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final URI endpoint;
    private final Secret token;
    private final String userAgent;
    private final Duration requestTimeout;
    private final RetryPolicy policy;
    private final RequestBudget budget;
    private final Clock clock;
    private final Sleeper sleeper;
    private volatile boolean closed;
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();

    public HubTransport(HttpClient http, URI endpoint, Secret token, String userAgent, Duration requestTimeout, RetryPolicy policy,
            RequestBudget budget, Clock clock, Sleeper sleeper) {
        this.http = http;
        this.endpoint = endpoint;
        this.token = token;
        this.userAgent = userAgent;
        this.requestTimeout = requestTimeout;
        this.policy = policy;
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Secret token() {
        return token;
    }

    public HubClientStats stats() {
        return new HubClientStats(requests.sum(), retries.sum(), bytesRead.sum());
    }

    /** Refuses further requests; true the first time. */
    public synchronized boolean close() {
        boolean first = !closed;
        closed = true;
        return first;
    }

    /** Whether {@code url} is on the hub's own origin (where the token and the budget apply). */
    public boolean isHub(URI url) {
        return HubUrls.sameOrigin(url, endpoint);
    }

    /**
     * Runs {@code call} with retries and returns what {@code handler} makes of the successful response.
     *
     * @throws HubException typed by the condition, after the retry policy gave up where retrying applies
     */
    public <T> T execute(Call call, BodyHandler<T> handler) {
        if (closed) {
            throw new IllegalStateException("the hub client is closed; build a new one");
        }
        String what = call.method() + " " + display(call.url());
        for (int attempt = 1; ; attempt++) {
            HubException failure;
            Duration delay;
            Exchange ex = null;
            try {
                ex = exchange(call);
                int s = ex.status();
                if (s < 300 || (s < 400 && call.redirects() == Redirects.STOP_AT_OTHER_ORIGIN)) {
                    try {
                        return handler.handle(ex);
                    } catch (MalformedResponseException e) {
                        throw e.url().isPresent() ? e : new MalformedResponseException(e.getMessage() + " (" + what + " -> " + s + ")", s,
                                requestId(ex), display(ex.url()), e.getCause());
                    } catch (JsonProcessingException e) {
                        throw new MalformedResponseException("response is not the JSON the API documents (" + what + " -> " + s + "): "
                                + token.redact(e.getOriginalMessage()), s, requestId(ex), display(ex.url()), e);
                    } catch (WatchedBody.BodyStalledException e) {
                        failure = new HubUnreachableException("response body stalled (" + what + "): " + e.getMessage(), s,
                                requestId(ex), display(ex.url()), e);
                        delay = policy.backoff(attempt);
                    } catch (IOException e) {
                        failure = new MalformedResponseException("response body truncated or failed (" + what + " -> " + s + "): "
                                + token.redact(String.valueOf(e.getMessage())), s, requestId(ex), display(ex.url()), e);
                        delay = policy.backoff(attempt);
                    }
                } else {
                    String body = readSnippet(ex.body());
                    boolean sentToken = token.isPresent() && isHub(ex.url());
                    String note = attempt > 1 ? "after " + attempt + " attempts" : "";
                    failure = ErrorMapper.map(ex.method(), display(ex.url()), s, ex.headers(), body, sentToken, clock.instant(), token, note);
                    if (!policy.isRetryable(s)) {
                        throw failure;
                    }
                    Optional<Duration> hint = serverHint(ex.headers());
                    if (hint.isPresent() && hint.get().compareTo(policy.maxServerDelay()) > 0) {
                        throw withNote(failure, "the hub asks to wait " + hint.get().toSeconds() + " s, more than the policy's "
                                + policy.maxServerDelay().toSeconds() + " s");
                    }
                    delay = hint.orElse(policy.backoff(attempt));
                }
            } catch (IOException e) {
                failure = new HubUnreachableException("no response from the hub (" + what + "): " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + token.redact(e.getMessage())), null, null, display(call.url()), e);
                delay = policy.backoff(attempt);
            } finally {
                if (ex != null) {
                    closeQuietly(ex.body());
                }
            }
            if (attempt >= policy.maxAttempts()) {
                throw withNote(failure, "gave up after " + attempt + " attempt" + (attempt == 1 ? "" : "s"));
            }
            LOG.warn("retry {}/{} after {}s: {}", attempt, policy.maxAttempts() - 1, delay.toMillis() / 1000.0, failure.getMessage());
            retries.increment();
            sleep(delay);
        }
    }

    /** Sends the request and follows redirects; returns the response that ends the chain. */
    private Exchange exchange(Call call) throws IOException {
        URI url = call.url();
        String method = call.method();
        HttpHeaders hubHeaders = null;
        for (int hop = 0; ; hop++) {
            boolean toHub = isHub(url);
            if (toHub) {
                acquire(RequestBudget.Bucket.ofPath(relativePath(url)));
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(requestTimeout)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", userAgent)
                    .header("Accept-Encoding", "identity");
            if ("http".equalsIgnoreCase(url.getScheme())) {
                // Plain-HTTP servers (the local hub, test fakes) speak HTTP/1.1; an h2c upgrade attempt only costs.
                rb.version(HttpClient.Version.HTTP_1_1);
            }
            call.headers().forEach(rb::header);
            if (toHub) {
                token.authorizationHeader().ifPresent(v -> rb.header("Authorization", v));
            }
            HttpResponse<InputStream> resp;
            try {
                requests.increment();
                resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException("interrupted while waiting for " + method + " " + display(url), null, null,
                        display(url), e);
            }
            WatchedBody body = new WatchedBody(resp.body(), requestTimeout, bytesRead);
            int status = resp.statusCode();
            LOG.debug("{} {} -> {}", method, display(url), status);
            if (toHub) {
                hubHeaders = resp.headers();
                observeRateLimit(resp.headers(), url);
            }
            if (isRedirect(status)) {
                Optional<String> location = resp.headers().firstValue("Location");
                if (location.isEmpty() || location.get().isBlank()) {
                    closeQuietly(body);
                    throw new MalformedResponseException("redirect " + status + " without a Location header (" + method + " "
                            + display(url) + ")", status, resp.headers().firstValue("X-Request-Id").orElse(null),
                            display(url), null);
                }
                URI next;
                try {
                    next = url.resolve(location.get().trim());
                } catch (IllegalArgumentException e) {
                    closeQuietly(body);
                    throw new MalformedResponseException("redirect Location is not a URL (" + method + " " + display(url) + ")",
                            status, null, display(url), e);
                }
                boolean leaves = !isHub(next);
                if (leaves && call.redirects() == Redirects.STOP_AT_OTHER_ORIGIN) {
                    return new Exchange(method, url, status, resp.headers(), hubHeaders, body);
                }
                closeQuietly(body);
                if (hop >= MAX_REDIRECTS) {
                    throw new HubException("more than " + MAX_REDIRECTS + " redirects starting at " + call.method() + " "
                            + display(call.url()), status, null, display(url), null);
                }
                if (status == 303 && !"HEAD".equals(method)) {
                    method = "GET";
                }
                url = next;
                continue;
            }
            return new Exchange(method, url, status, resp.headers(), hubHeaders == null ? resp.headers() : hubHeaders, body);
        }
    }

    /** A URL as messages show it: the hub's without credentials; another origin's (a CDN's signed URL) without its query. */
    public URI display(URI url) {
        URI u = HubUrls.printable(url);
        if (u == null || isHub(u) || u.getRawQuery() == null) {
            return u;
        }
        return URI.create(u.toString().substring(0, u.toString().indexOf('?')) + "?...");
    }

    private void acquire(RequestBudget.Bucket bucket) {
        try {
            budget.acquire(bucket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while waiting for the request budget (" + bucket.hubName() + ")");
        }
    }

    private void observeRateLimit(HttpHeaders headers, URI url) {
        HubHeaders.rateLimit(headers).ifPresent(rl -> {
            RequestBudget.Bucket bucket = rl.bucket().flatMap(RequestBudget.Bucket::ofHubName)
                    .orElse(RequestBudget.Bucket.ofPath(relativePath(url)));
            budget.observeServer(bucket, rl.remaining(), Duration.ofSeconds(rl.resetSeconds()));
        });
    }

    /** The wait the hub asks for: {@code RateLimit} with {@code r=0} wins ({@code t + 1} s), then {@code Retry-After}. */
    private Optional<Duration> serverHint(HttpHeaders headers) {
        Optional<HubHeaders.RateLimit> rl = HubHeaders.rateLimit(headers);
        if (rl.isPresent() && rl.get().remaining() == 0) {
            return Optional.of(Duration.ofSeconds(rl.get().resetSeconds() + 1));
        }
        return HubHeaders.retryAfter(headers, clock.instant());
    }

    private String relativePath(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String prefix = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        return !prefix.isEmpty() && path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while waiting to retry");
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String requestId(Exchange ex) {
        return ex.headers().firstValue("X-Request-Id").or(() -> ex.hubHeaders().firstValue("X-Request-Id")).orElse(null);
    }

    private static String readSnippet(InputStream body) {
        try {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing an aborted body; the connection is dropped either way
        }
    }

    /** A copy of {@code e} (same type) with a note appended to its message. */
    private static HubException withNote(HubException e, String note) {
        String msg = e.getMessage() + " [" + note + "]";
        Integer status = e.status().isPresent() ? e.status().getAsInt() : null;
        String rid = e.requestId().orElse(null);
        URI url = e.url().orElse(null);
        Throwable cause = e.getCause();
        if (e instanceof RateLimitedException r) {
            return new RateLimitedException(msg, status, rid, url, cause, r.resetAt().orElse(null));
        }
        if (e instanceof HubServerException) {
            return new HubServerException(msg, status, rid, url, cause);
        }
        if (e instanceof HubUnreachableException) {
            return new HubUnreachableException(msg, status, rid, url, cause);
        }
        if (e instanceof MalformedResponseException) {
            return new MalformedResponseException(msg, status, rid, url, cause);
        }
        return e;
    }
}

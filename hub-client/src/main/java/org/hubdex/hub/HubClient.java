package org.hubdex.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.hubdex.hub.internal.HubHeaders;
import org.hubdex.hub.internal.HubTransport;
import org.hubdex.hub.internal.HubUrls;
import org.hubdex.hub.internal.ModelInfoParser;
import org.hubdex.hub.internal.Secret;
import org.hubdex.hub.internal.WeightResolver;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client of a hub's HTTP API (Hugging Face, or any server speaking its API, such as the local
 * hub): model listings, model info, trees, file metadata, ranged file reads, safetensors headers.
 * One instance holds the endpoint, the token, the user agent, timeouts, the {@link RetryPolicy} and
 * the {@link RequestBudget}.
 *
 * <p>Behaviour on the wire: every request says {@code Accept-Encoding: identity}; redirects are
 * followed by the client (at most 5, relative {@code Location} resolved) and the token goes only to
 * the endpoint's own origin, never to a CDN a redirect leads to; retryable failures are retried by
 * the policy, honouring the hub's {@code RateLimit} and {@code Retry-After}; every request to the
 * hub first takes one unit of its budget bucket (api or resolve). Errors are typed {@link
 * HubException}s. The token never appears in a message, a log line or {@link #toString()}.
 *
 * <p>Lifecycle: build once, share, {@link #close()} when done: afterwards every call fails with
 * {@link IllegalStateException} (on Java 21+ the JDK's HTTP client is closed too; on 17 its idle
 * connections simply expire). Thread-safe; a {@link ModelListing}'s iterators and a {@link
 * RemoteFile} are for one thread at a time.
 */
public final class HubClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);

    /** The public hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    /** The environment variable holding the token. */
    public static final String TOKEN_ENV = "HF_TOKEN";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final String DEFAULT_USER_AGENT = "hubdex-hub-client/0.1 (+java.net.http)";
    /** The largest file {@link #readFile} reads whole (weight indexes of the largest models are a few MB). */
    public static final long MAX_WHOLE_FILE = 64L << 20;

    private final URI endpoint;
    private final Secret token;
    private final String userAgent;
    private final RetryPolicy retryPolicy;
    private final RequestBudget budget;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HubTransport transport;
    private final HttpClient http;

    private HubClient(Builder b, Secret token, RequestBudget budget) {
        this.endpoint = b.endpoint;
        this.token = token;
        this.userAgent = b.userAgent;
        this.retryPolicy = b.retryPolicy;
        this.budget = budget;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.transport = new HubTransport(http, endpoint, token, userAgent, requestTimeout, retryPolicy, budget, b.clock, b.sleeper);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client configured from the environment ({@link HubClientConfig#fromEnvironment()}). */
    public static HubClient fromEnvironment() {
        return HubClientConfig.fromEnvironment().newClientBuilder().build();
    }

    /**
     * A lazy listing of {@code GET /api/models}: pages are fetched while iterating, following {@code
     * Link: rel="next"}; see {@link ModelListing}.
     *
     * @throws IllegalArgumentException when the request's start URL is on another origin than this client's endpoint
     */
    public ModelListing listModels(ListModelsRequest request) {
        Objects.requireNonNull(request, "request");
        URI first = request.firstPageUrl(endpoint);
        if (!transport.isHub(first)) {
            throw new IllegalArgumentException("the start URL " + HubUrls.printable(first) + " is not on this client's endpoint " + endpoint
                    + ": a saved cursor only resumes on the hub that issued it");
        }
        return new ModelListing(first, request.limit().orElse(Long.MAX_VALUE), this::fetchPage);
    }

    private ModelPage fetchPage(URI url, Integer number) {
        return transport.execute(HubTransport.Call.get(url), ex -> {
            List<ModelInfo> models = ModelInfoParser.parseArray(ex.body());
            Optional<URI> next = HubHeaders.nextLink(ex.headers(), ex.url());
            LOG.debug("listing page {}: {} models, next: {}", number, models.size(), next.isPresent());
            return new ModelPage(number, url, models, next);
        });
    }

    /**
     * {@code GET /api/models/{id}[/revision/{rev}][?blobs=true]}.
     *
     * @param revision a branch, tag, commit or {@code refs/pr/N}; empty for the default branch
     * @param blobs whether siblings carry size, blob id and LFS data
     */
    public ModelInfo modelInfo(String id, Optional<String> revision, boolean blobs) {
        URI url = HubUrls.modelInfo(endpoint, id, revision, blobs);
        return transport.execute(HubTransport.Call.get(url), ex -> ModelInfoParser.parse(ModelInfoParser.JSON.readTree(ex.body())));
    }

    /** The repository's files at a revision ({@code GET /api/models/{id}/tree/{rev}}), all pages. */
    public List<RepoFile> listTree(String id, Optional<String> revision, boolean recursive) {
        return listTree(id, revision, Optional.empty(), recursive);
    }

    /** The files under {@code folder} (empty: the root) at a revision, all pages ({@code Link: rel="next"}). */
    public List<RepoFile> listTree(String id, Optional<String> revision, Optional<String> folder, boolean recursive) {
        URI url = HubUrls.tree(endpoint, id, HubUrls.revision(revision), folder, recursive);
        List<RepoFile> all = new ArrayList<>();
        Optional<URI> next = Optional.of(url);
        while (next.isPresent()) {
            URI pageUrl = next.get();
            next = transport.execute(HubTransport.Call.get(pageUrl), ex -> {
                all.addAll(ModelInfoParser.parseTree(ex.body()));
                return HubHeaders.nextLink(ex.headers(), ex.url());
            });
        }
        return all;
    }

    /**
     * {@code HEAD /{id}/resolve/{rev}/{path}}: commit, etag, size and location of a file, without
     * following a redirect to another host (its target is reported as the location).
     */
    public FileMetadata fileMetadata(String id, Optional<String> revision, String path) {
        URI url = HubUrls.resolve(endpoint, id, HubUrls.revision(revision), path);
        HubTransport.Call call = new HubTransport.Call("HEAD", url, java.util.Map.of(), HubTransport.Redirects.STOP_AT_OTHER_ORIGIN);
        return transport.execute(call, ex -> {
            var hub = ex.hubHeaders();
            boolean redirected = ex.status() >= 300;
            Optional<String> commit = hub.firstValue("X-Repo-Commit").map(String::trim);
            Optional<String> etag = HubHeaders.first(hub, List.of("X-Linked-Etag", "ETag")).map(HubHeaders::normalizeEtag);
            OptionalLong size = HubHeaders.longValue(hub, "X-Linked-Size");
            if (size.isEmpty() && !redirected) {
                size = HubHeaders.longValue(ex.headers(), "Content-Length");
            }
            URI location = redirected ? ex.url().resolve(ex.headers().firstValue("Location").orElseThrow().trim()) : ex.url();
            return new FileMetadata(commit, etag, size, location);
        });
    }

    /** A file to read by byte ranges; sends nothing until the first read. See {@link RemoteFile}. */
    public RemoteFile openFile(String id, Optional<String> revision, String path) {
        return new RemoteFile(transport, HubUrls.checkRepoId(id), HubUrls.revision(revision), HubUrls.checkRepoPath(path));
    }

    /**
     * A whole (small) file: {@code GET /{id}/resolve/{rev}/{path}}, for indexes and configs.
     *
     * @throws MalformedResponseException when it is larger than {@code maxBytes}
     */
    public byte[] readFile(String id, Optional<String> revision, String path, long maxBytes) {
        if (maxBytes < 0 || maxBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be between 0 and " + (Integer.MAX_VALUE - 1) + ", got " + maxBytes);
        }
        URI url = HubUrls.resolve(endpoint, id, HubUrls.revision(revision), path);
        return transport.execute(HubTransport.Call.get(url), ex -> {
            OptionalLong declared = HubHeaders.longValue(ex.headers(), "Content-Length");
            byte[] data = ex.body().readNBytes((int) maxBytes + 1);
            if (data.length > maxBytes) {
                throw new MalformedResponseException(id + ":" + path + " is larger than the " + maxBytes + " bytes allowed",
                        ex.status(), null, transport.display(ex.url()), null);
            }
            if (declared.isPresent() && data.length < declared.getAsLong()) {
                throw new HubTransport.TruncatedBodyException("body ended after " + data.length + " of " + declared.getAsLong() + " bytes");
            }
            return data;
        });
    }

    /**
     * Where a model keeps its safetensors weights: {@code model.safetensors}, the shards of {@code
     * model.safetensors.index.json}, or the diffusers locations; {@link WeightFiles.WeightLayout#NONE}
     * when none. Uses {@code known}'s file list when it has one (and its sha, to pin the revision),
     * else fetches model info; reads the index file when sharded.
     *
     * @throws InvalidWeightIndexException when the index is unusable or names unsafe or missing shards
     */
    public WeightFiles resolveWeights(String id, Optional<String> revision, Optional<ModelInfo> known) {
        HubUrls.checkRepoId(id);
        known.ifPresent(k -> {
            if (!k.id().equals(id)) {
                throw new IllegalArgumentException("the known model info is for " + k.id() + ", not " + id);
            }
        });
        Optional<ModelInfo> usable = known.filter(k -> !k.siblings().isEmpty())
                .filter(k -> revision.isEmpty() || k.sha().equals(revision));
        ModelInfo info = usable.orElseGet(() -> modelInfo(id, revision, false));
        String rev = info.sha().orElse(HubUrls.revision(revision));
        return WeightResolver.resolve(info, rev, path -> readFile(id, Optional.of(rev), path, MAX_WHOLE_FILE));
    }

    /**
     * The validated header of a remote safetensors file, read by ranges: the first {@code
     * bytes=0-100000}, then the rest of a longer header; never the tensor data. The bytes and
     * requests it took show in {@link #stats()} (and at debug level in the log).
     *
     * @throws org.hubdex.weightspace.safetensors.SafetensorsException (a subclass per corruption kind) when the file is not valid safetensors
     */
    public SafetensorsHeader readSafetensorsHeader(String id, Optional<String> revision, String path) {
        try (RemoteFile file = openFile(id, revision, path)) {
            SafetensorsHeader header = SafetensorsReader.readHeader(file);
            LOG.debug("safetensors header of {}: {} tensors, {} bytes in {} requests", file, header.tensors().size(), file.bytesRead(),
                    file.requestCount());
            return header;
        }
    }

    /** The bytes of one tensor of a remote safetensors file, by one ranged read of exactly its range. */
    public byte[] readTensorBytes(String id, Optional<String> revision, String path, SafetensorsHeader header, String tensorName) {
        try (RemoteFile file = openFile(id, revision, path)) {
            return SafetensorsReader.readTensorBytes(file, header, tensorName);
        }
    }

    /** Requests used and remaining in the current budget window, per bucket. */
    public RequestBudget.Usage budgetUsage() {
        return budget.usage();
    }

    /** Requests, retries and bytes since this client was built. */
    public HubClientStats stats() {
        return transport.stats();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Whether requests carry a token. */
    public boolean hasToken() {
        return token.isPresent();
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public RequestBudget budget() {
        return budget;
    }

    public String userAgent() {
        return userAgent;
    }

    /** Refuses further calls and releases the HTTP client where the JDK allows it. Idempotent. */
    @Override
    public void close() {
        if (transport.close() && http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the HTTP client failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "HubClient[endpoint=" + endpoint + ", token=" + token.masked() + ", userAgent=" + userAgent + ", budget=" + budget
                + ", retry=" + retryPolicy.maxAttempts() + " attempts, connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + "]";
    }

    /**
     * Builder. Defaults: {@code https://huggingface.co}, the token from {@code HF_TOKEN} (none when
     * unset), {@link RetryPolicy#DEFAULT}, the plan's budget (anonymous 500/3,000 or with a token
     * 1,000/5,000 per 5 minutes), connect timeout 10 s, request timeout 60 s (also the longest a body
     * may stall), the system clock and sleeper.
     */
    public static final class Builder {
        private URI endpoint = DEFAULT_ENDPOINT;
        private String token;
        private boolean tokenSet;
        private Secret secret;
        private String userAgent = DEFAULT_USER_AGENT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private RequestBudget budget;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /** The hub's base URL, e.g. {@code https://huggingface.co} or the local hub's {@code http://127.0.0.1:PORT}. */
        public Builder optEndpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** The token (instead of {@code HF_TOKEN}); null or blank means none. */
        public Builder optToken(String token) {
            this.token = token;
            this.secret = null;
            this.tokenSet = true;
            return this;
        }

        /** The token as {@link HubClientConfig} holds it (never unwrapped into a String on the way). */
        Builder optSecret(Secret secret) {
            this.secret = secret;
            this.tokenSet = true;
            return this;
        }

        /** No token, even when {@code HF_TOKEN} is set. */
        public Builder optNoToken() {
            return optToken(null);
        }

        public Builder optUserAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder optRetryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /** A budget, possibly shared with other clients of the same process or IP. */
        public Builder optRequestBudget(RequestBudget budget) {
            this.budget = budget;
            return this;
        }

        public Builder optConnectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long to wait for response headers, and the longest a response body may stall. */
        public Builder optRequestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** The clock of the default budget and of {@code Retry-After} dates. */
        public Builder optClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** What waits between retries and for the default budget (a fake in tests). */
        public Builder optSleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public HubClient build() {
            Objects.requireNonNull(endpoint, "endpoint: leave it unset for " + DEFAULT_ENDPOINT);
            if (!endpoint.isAbsolute() || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                    || endpoint.getHost() == null) {
                throw new IllegalArgumentException("the hub endpoint must be an absolute http(s) URL with a host, such as "
                        + DEFAULT_ENDPOINT + ", got " + HubUrls.printable(endpoint));
            }
            if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
                throw new IllegalArgumentException("the hub endpoint must have no user info, query or fragment (pass the token with optToken),"
                        + " got " + HubUrls.printable(endpoint));
            }
            requirePositive("connect timeout", connectTimeout);
            requirePositive("request timeout", requestTimeout);
            if (userAgent == null || userAgent.isBlank() || userAgent.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("the user agent must be a non-blank single line, got '" + userAgent + "'");
            }
            Objects.requireNonNull(retryPolicy, "retryPolicy: use RetryPolicy.DEFAULT or RetryPolicy.noRetries()");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(sleeper, "sleeper");
            Secret secret = this.secret != null ? this.secret : Secret.of(tokenSet ? token : System.getenv(TOKEN_ENV));
            RequestBudget b = budget != null ? budget
                    : secret.isPresent() ? RequestBudget.authenticated(clock, sleeper) : RequestBudget.anonymous(clock, sleeper);
            URI normalized = URI.create(HubUrls.base(endpoint));
            endpoint = normalized;
            return new HubClient(this, secret, b);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the " + name + " must be a positive duration, got " + d);
            }
        }
    }
}

package org.hubdex.localhub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hubdex.localhub.internal.FaultInjector;
import org.hubdex.localhub.internal.HubContext;
import org.hubdex.localhub.internal.HubHandler;
import org.hubdex.localhub.internal.ModelJson;
import org.hubdex.localhub.internal.RepoScanner;
import org.hubdex.localhub.internal.RequestLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server speaking the hub API subset of {@code shared/notes/hub-api.md} over a
 * directory of model repositories ({@code docs/repo-folder-format.md}), with fault injection: the
 * hub that tests and demos crawl instead of huggingface.co.
 *
 * <p>Endpoints: {@code GET /api/models} (search, author, filter, pipeline_tag, gated,
 * num_parameters, sort, limit, full/config/cardData/expand, {@code Link} cursor pagination),
 * {@code GET /api/models/{id}[/revision/{rev}]} ({@code blobs=true}, {@code expand}),
 * {@code GET /api/models/{id}/tree/{rev}[/{path}]} ({@code recursive}, paginated),
 * {@code GET|HEAD /{id}/resolve/{rev}/{path}} (ranges, hub headers), and the admin endpoints
 * {@code POST /admin/rescan}, {@code GET|PUT /admin/faults}, {@code GET /admin/stats}. See the
 * module README for the exact shapes and error answers.
 *
 * <p>Lifecycle: {@link #builder()} … {@link Builder#build()} validates the settings; {@link #start()}
 * scans the root once (synchronously), binds the port and starts the periodic rescans;
 * {@link #close()} stops both. Not restartable. Thread-safety: all public methods may be called from
 * any thread while the server runs; requests are served by a fixed pool of {@code threads} threads.
 */
public final class LocalHubServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalHubServer.class);

    static {
        // The JDK server writes a response's headers and body in separate packets; with Nagle's
        // algorithm and the client's delayed ACK every small answer then waits ~40 ms (measured:
        // 46 ms per model info). Read once, when the first HttpServer of the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Path root;
    private final String host;
    private final int requestedPort;
    private final Duration settleTime;
    private final Duration rescanInterval;
    private final boolean periodicRescan;
    private final Clock clock;
    private final Optional<String> token;
    private final int threads;
    private final RepoScanner scanner;
    private final RequestLog log;
    private final AtomicReference<FaultInjector> faults;
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer http;
    private ExecutorService pool;
    private ScheduledExecutorService rescans;
    private volatile URI uri;
    private volatile boolean closed;

    private LocalHubServer(Builder b) {
        this.root = b.root;
        this.host = b.host;
        this.requestedPort = b.port;
        this.settleTime = b.settleTime;
        this.rescanInterval = b.rescanInterval;
        this.periodicRescan = b.periodicRescan;
        this.clock = b.clock;
        this.token = b.token;
        this.threads = b.threads;
        this.scanner = new RepoScanner(root, settleTime, clock, json);
        this.log = new RequestLog(b.requestLogCapacity);
        this.faults = new AtomicReference<>(new FaultInjector(b.faults, clock));
    }

    /** A builder; {@link Builder#setRoot} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scans the root, binds the port and starts serving and rescanning.
     *
     * @return this server
     * @throws PortInUseException when the port is taken
     * @throws IllegalStateException when already started or closed
     */
    public synchronized LocalHubServer start() {
        if (http != null || closed) {
            throw new IllegalStateException("a LocalHubServer starts once; build a new one");
        }
        ScanResult first = scanner.scan();
        LOG.info("hub root {}: {} models ({} unsettled), first scan {} ms", root, first.models(), first.unsettled().size(),
                first.took().toMillis());
        try {
            http = HttpServer.create(new InetSocketAddress(host, requestedPort), 128);
        } catch (BindException e) {
            throw new PortInUseException("cannot listen on " + host + ":" + requestedPort + " (" + e.getMessage()
                    + "): another process holds the port; choose another with --port or HUBDEX_HUB_PORT (0 picks a free one)", e);
        } catch (IOException e) {
            throw new LocalHubException("cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        pool = Executors.newFixedThreadPool(threads, daemonThreads("local-hub-http-"));
        http.setExecutor(pool);
        HubContext ctx = new HubContext(scanner, json, new ModelJson(json), clock, token, faults::get, log, new HubContext.Admin() {
            @Override
            public ScanResult rescan() {
                return LocalHubServer.this.rescan();
            }

            @Override
            public void setFaults(FaultPlan plan) {
                LocalHubServer.this.setFaults(plan);
            }

            @Override
            public FaultPlan faults() {
                return LocalHubServer.this.faults();
            }

            @Override
            public HubStats stats() {
                return LocalHubServer.this.stats();
            }
        });
        http.createContext("/", new HubHandler(ctx));
        http.start();
        String uriHost = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (uriHost.contains(":")) {
            uriHost = "[" + uriHost + "]";
        }
        uri = URI.create("http://" + uriHost + ":" + http.getAddress().getPort());
        if (periodicRescan) {
            rescans = Executors.newSingleThreadScheduledExecutor(daemonThreads("local-hub-rescan-"));
            scheduleRescan(rescanInterval.toMillis());
        }
        LOG.info("local hub serving {} at {} (faults: {})", root, uri, faults.get().plan().toSpec());
        return this;
    }

    /** {@code http://host:port} of the running server. */
    public URI uri() {
        URI u = uri;
        if (u == null) {
            throw new IllegalStateException("the server is not started; call start() first");
        }
        return u;
    }

    /** The bound port. */
    public int port() {
        return uri().getPort();
    }

    /** The served directory. */
    public Path root() {
        return root;
    }

    /** Replaces the fault plan; its counters (and the rate limiter's) start from zero. */
    public void setFaults(FaultPlan plan) {
        Objects.requireNonNull(plan, "plan");
        faults.set(new FaultInjector(plan, clock));
        LOG.info("faults: {}", plan.toSpec());
    }

    /** The fault plan in force. */
    public FaultPlan faults() {
        return faults.get().plan();
    }

    /** Scans the root now (also {@code POST /admin/rescan}); concurrent calls and periodic scans run one at a time. */
    public ScanResult rescan() {
        return scanner.scan();
    }

    /** Models listed now. */
    public int modelCount() {
        return scanner.catalog().size();
    }

    /** The last requests (up to the log capacity), oldest first. */
    public List<RequestRecord> requestLog() {
        return log.records();
    }

    /** Counters since start or the last {@link #resetStats()}. */
    public HubStats stats() {
        return log.stats(modelCount());
    }

    /** Clears the request log and the counters. */
    public void resetStats() {
        log.reset();
    }

    /** Stops serving (open connections are cut) and rescanning. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (rescans != null) {
            rescans.shutdownNow();
        }
        if (http != null) {
            http.stop(0);
        }
        if (pool != null) {
            pool.shutdownNow(); // interrupts slow and hang faults
        }
        if (uri != null) {
            LOG.info("local hub at {} stopped", uri);
        }
    }

    private void scheduleRescan(long delayMs) {
        try {
            rescans.schedule(this::periodicRescan, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void periodicRescan() {
        long next = rescanInterval.toMillis();
        try {
            ScanResult r = scanner.scan();
            // A big root (10,000 repositories: about 1 s a scan here) must not keep a core busy:
            // wait at least twice as long as the scan took.
            next = Math.max(next, 2 * r.took().toMillis());
        } catch (RuntimeException e) {
            LOG.error("periodic rescan of {} failed; the previous catalog stays", root, e);
        }
        if (!closed) {
            scheduleRescan(next);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Settings of a {@link LocalHubServer}; {@link #build()} checks them all and says how to fix a
     * bad one.
     */
    public static final class Builder {
        private Path root;
        private int port = 0;
        private String host = "127.0.0.1";
        private FaultPlan faults = FaultPlan.none();
        private Duration settleTime = Duration.ofMillis(500);
        private Duration rescanInterval = Duration.ofSeconds(2);
        private boolean periodicRescan = true;
        private Clock clock = Clock.systemUTC();
        private Optional<String> token = Optional.empty();
        private int threads = 16;
        private int requestLogCapacity = 10_000;

        private Builder() {
        }

        /** The directory of repositories ({@code <root>/<author>/<name>/}); required, must exist. */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /** The port; 0 (the default) picks a free one, see {@link LocalHubServer#uri()}. */
        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        /** The address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface). */
        public Builder optHost(String host) {
            this.host = host;
            return this;
        }

        /** The fault plan at start (default none). */
        public Builder optFaults(FaultPlan faults) {
            this.faults = faults;
            return this;
        }

        /** How long a folder must be quiet before a change is published (default 500 ms; zero publishes at once). */
        public Builder optSettleTime(Duration settleTime) {
            this.settleTime = settleTime;
            return this;
        }

        /** Time between periodic rescans (default 2 s); never less than twice the last scan's duration. */
        public Builder optRescanInterval(Duration rescanInterval) {
            this.rescanInterval = rescanInterval;
            return this;
        }

        /** Whether to rescan periodically (default true); without, only {@link LocalHubServer#rescan()} and the admin call scan. */
        public Builder optPeriodicRescan(boolean periodicRescan) {
            this.periodicRescan = periodicRescan;
            return this;
        }

        /** The clock of createdAt/lastModified, settling and rate-limit windows (default UTC system clock). */
        public Builder optClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The token that reads gated and private repositories; any other bearer token is refused with 401. */
        public Builder optToken(String token) {
            this.token = Optional.ofNullable(token);
            return this;
        }

        /** Threads serving requests (default 16): slow and hang faults hold one each. */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** How many requests {@link LocalHubServer#requestLog()} keeps (default 10,000). */
        public Builder optRequestLogCapacity(int capacity) {
            this.requestLogCapacity = capacity;
            return this;
        }

        /** Checks every setting. */
        public LocalHubServer build() {
            if (root == null) {
                throw new InvalidSettingException("no hub root: call setRoot(dir) (CLI: --root DIR or HUBDEX_HUB_ROOT)");
            }
            root = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new InvalidSettingException("hub root " + root + " is not a directory: create it or point --root/HUBDEX_HUB_ROOT at "
                        + "the folder holding <author>/<name>/ repositories");
            }
            if (port < 0 || port > 65535) {
                throw new InvalidSettingException("port must be 0 (any free port) to 65535, got " + port + " (--port or HUBDEX_HUB_PORT)");
            }
            if (host == null || host.isBlank()) {
                throw new InvalidSettingException("host must be an address such as 127.0.0.1 or 0.0.0.0, got '" + host + "'");
            }
            Objects.requireNonNull(faults, "faults: use FaultPlan.none() for no faults");
            if (settleTime == null || settleTime.isNegative()) {
                throw new InvalidSettingException("settle time must be zero or positive, got " + settleTime);
            }
            if (rescanInterval == null || rescanInterval.isNegative() || rescanInterval.isZero()) {
                throw new InvalidSettingException("rescan interval must be positive, got " + rescanInterval
                        + "; to turn periodic rescans off use optPeriodicRescan(false)");
            }
            Objects.requireNonNull(clock, "clock");
            if (token.isPresent() && (token.get().isBlank() || token.get().chars().anyMatch(Character::isWhitespace))) {
                throw new InvalidSettingException("token must be non-empty without whitespace (it travels as 'Authorization: Bearer <token>')");
            }
            if (threads < 1 || threads > 1024) {
                throw new InvalidSettingException("threads must be 1 to 1024, got " + threads);
            }
            if (requestLogCapacity < 1) {
                throw new InvalidSettingException("request log capacity must be at least 1, got " + requestLogCapacity);
            }
            return new LocalHubServer(this);
        }
    }
}

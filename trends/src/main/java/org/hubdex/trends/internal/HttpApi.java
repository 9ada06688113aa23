package org.hubdex.trends.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of an instance, on one port: the query API ({@code /api/trends}, {@code /api/alerts},
 * {@code /api/undated}, {@code /api/clock}, {@code /api/status}), {@code /metrics} (Prometheus text),
 * {@code /health}, the dashboard ({@code /}) and the charting library's WebJar ({@code /webjars/...}). Bound
 * before Kafka Streams starts, because the instance advertises its port to the others; the queries are attached
 * with {@link #serve(TrendQueries)} once Kafka Streams exists. Bad input answers 400, stores in migration 503.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final String DASHBOARD = "org/hubdex/trends/dashboard/";
    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "map", "application/json", "svg", "image/svg+xml");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "trends-http");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json;
    private volatile TrendQueries queries;

    public HttpApi(int port, ObjectMapper json, Supplier<String> metrics, BooleanSupplier healthy) {
        this.json = json;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the trends API on port " + port + " (taken? set HUBDEX_TRENDS_PORT, or 0)", e);
        }
        server.setExecutor(executor);
        api("/api/trends", q -> queries().trends(q));
        api("/api/alerts", q -> queries().alerts(q));
        api("/api/undated", q -> queries().undated(q));
        api("/api/clock", q -> queries().clockAnswer(q));
        api("/api/status", q -> queries().status(q));
        server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", metrics.get().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/health", ex -> {
            boolean ok = healthy.getAsBoolean();
            reply(ex, ok ? 200 : 503, "application/json", (ok ? "{\"status\":\"up\"}" : "{\"status\":\"down\"}").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/webjars/", ex -> resource(ex, WEBJARS + ex.getRequestURI().getPath().substring("/webjars/".length())));
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            resource(ex, DASHBOARD + (path.equals("/") ? "index.html" : path.substring(1)));
        });
        server.start();
    }

    /** Attaches the queries (the API answers 503 until then). */
    public void serve(TrendQueries queries) {
        this.queries = queries;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private TrendQueries queries() {
        TrendQueries q = queries;
        if (q == null) {
            throw new StoreUnavailableException("the application is starting");
        }
        return q;
    }

    private void api(String path, Function<QueryParams, Object> handler) {
        server.createContext(path, ex -> {
            int status;
            Object body;
            try {
                body = handler.apply(QueryParams.of(ex.getRequestURI()));
                status = 200;
            } catch (BadQueryException e) {
                status = 400;
                body = new ApiTypes.Problem(400, e.getMessage());
            } catch (StoreUnavailableException | InvalidStateStoreException e) {
                status = 503;
                body = new ApiTypes.Problem(503, e.getMessage());
                ex.getResponseHeaders().set("Retry-After", "1");
            } catch (RuntimeException e) {
                LOG.error("{} failed", ex.getRequestURI(), e);
                status = 500;
                body = new ApiTypes.Problem(500, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            reply(ex, status, "application/json", json.writeValueAsBytes(body));
        });
    }

    private static void resource(HttpExchange ex, String name) throws IOException {
        if (name.contains("..")) {
            reply(ex, 400, "text/plain", "bad path".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null || name.endsWith("/")) {
                reply(ex, 404, "text/plain", ("not found: " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            ex.getResponseHeaders().set("Cache-Control", name.startsWith(WEBJARS) ? "max-age=86400" : "no-cache");
            reply(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

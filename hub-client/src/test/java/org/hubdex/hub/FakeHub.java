package org.hubdex.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny in-test HTTP server standing in for the hub (or a CDN): routes by exact raw path (or a
 * prefix ending in {@code *}), records every request, and offers canned handlers (JSON, bytes with
 * Range support, sequences of answers). Bound to 127.0.0.1 on a free port; reachable as {@code
 * 127.0.0.1} or {@code localhost}, which the client treats as two different hosts. Close it after use.
 */
final class FakeHub implements AutoCloseable {

    /** One recorded request. */
    record Request(String method, URI uri, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex, Request r) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-hub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Handler> routes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    private FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    static FakeHub start() {
        try {
            return new FakeHub();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake hub", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    URI uri() {
        return uriOn("127.0.0.1");
    }

    /** The same server under another host name (e.g. {@code localhost}). */
    URI uriOn(String host) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort());
    }

    FakeHub on(String rawPath, Handler handler) {
        routes.put(rawPath, handler);
        return this;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String pathPrefix) {
        return requests().stream().filter(r -> r.uri().getRawPath().startsWith(pathPrefix)).toList();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        Request r = new Request(ex.getRequestMethod(), ex.getRequestURI(), headers);
        requests.add(r);
        String path = ex.getRequestURI().getRawPath();
        Handler h = routes.get(path);
        if (h == null) {
            synchronized (routes) {
                for (Map.Entry<String, Handler> e : routes.entrySet()) {
                    if (e.getKey().endsWith("*") && path.startsWith(e.getKey().substring(0, e.getKey().length() - 1))) {
                        h = e.getValue();
                        break;
                    }
                }
            }
        }
        try {
            if (h == null) {
                respond(ex, 404, Map.of("X-Error-Code", "RepoNotFound"), "{\"error\":\"Repository not found\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                h.handle(ex, r);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (aborted transfer) or the handler failed on purpose
        } finally {
            ex.close();
        }
    }

    // ---- canned handlers ----

    static Handler json(int status, String body, Map<String, String> headers) {
        return (ex, r) -> respond(ex, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static Handler json(String body) {
        return json(200, body, Map.of());
    }

    static Handler status(int status, Map<String, String> headers, String body) {
        return json(status, body, headers);
    }

    /** Answers with each handler in turn; the last one repeats. */
    static Handler sequence(Handler... handlers) {
        AtomicInteger i = new AtomicInteger();
        return (ex, r) -> handlers[Math.min(i.getAndIncrement(), handlers.length - 1)].handle(ex, r);
    }

    /** Serves {@code content}, honouring {@code Range: bytes=a-b} with 206 (or ignoring it with 200 when {@code ignoreRange}). */
    static Handler bytes(byte[] content, Map<String, String> headers, boolean ignoreRange) {
        Pattern range = Pattern.compile("bytes=(\\d+)-(\\d*)");
        return (ex, r) -> {
            String rh = r.header("Range");
            if (rh != null && !ignoreRange) {
                Matcher m = range.matcher(rh);
                if (!m.matches()) {
                    respond(ex, 400, headers, new byte[0]);
                    return;
                }
                long a = Long.parseLong(m.group(1));
                long b = m.group(2).isEmpty() ? content.length - 1 : Math.min(Long.parseLong(m.group(2)), content.length - 1);
                if (a >= content.length) {
                    Map<String, String> h = new LinkedHashMap<>(headers);
                    h.put("Content-Range", "bytes */" + content.length);
                    respond(ex, 416, h, new byte[0]);
                    return;
                }
                Map<String, String> h = new LinkedHashMap<>(headers);
                h.put("Content-Range", "bytes " + a + "-" + b + "/" + content.length);
                byte[] slice = java.util.Arrays.copyOfRange(content, (int) a, (int) b + 1);
                respond(ex, 206, h, slice);
                return;
            }
            respond(ex, 200, headers, content);
        };
    }

    static void respond(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        boolean head = "HEAD".equals(ex.getRequestMethod());
        if (head || status == 204 || status == 304) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

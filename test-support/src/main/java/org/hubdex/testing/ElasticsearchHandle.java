package org.hubdex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handle on the real Elasticsearch server of a test run: where it listens, plus helpers to keep
 * tests apart. Thread-safe. Obtained as a parameter in classes annotated {@link RealElasticsearch}.
 * Tests share one server, so each should work in its own indices ({@link #uniqueIndexName(String)})
 * or clean up after itself ({@link #deleteAllIndices()}).
 */
public final class ElasticsearchHandle {

    private static final AtomicInteger INDEX_COUNTER = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI httpUri;
    private final boolean external;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ElasticsearchHandle(URI httpUri, boolean external) {
        this.httpUri = httpUri;
        this.external = external;
    }

    /** Base URI of the REST API, e.g. {@code http://localhost:41234} (no trailing slash). */
    public URI httpUri() {
        return httpUri;
    }

    /** Host name of the REST API (for clients built from host and port, such as {@code RestClient}). */
    public String host() {
        return httpUri.getHost();
    }

    /** Port of the REST API. */
    public int port() {
        return httpUri.getPort();
    }

    /** True when the server came from {@code HUBDEX_TEST_ES_URL} rather than being started for this run. */
    public boolean external() {
        return external;
    }

    /**
     * An index name no other test of this JVM uses, e.g. {@code it-models-3-1a2b}: lower case, as
     * Elasticsearch requires. The suffix includes this JVM's PID so that runs sharing an external server
     * do not collide either.
     */
    public String uniqueIndexName(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return "it-" + clean + "-" + INDEX_COUNTER.incrementAndGet() + "-" + Long.toHexString(ProcessHandle.current().pid());
    }

    /**
     * Deletes every index that is not hidden or a system index (names not starting with a dot), by
     * name (the server refuses wildcard deletes). Returns the names deleted.
     */
    public List<String> deleteAllIndices() {
        HttpResponse<String> listed = send("GET", "/_cat/indices?format=json&h=index&expand_wildcards=open,closed");
        List<String> names = new ArrayList<>();
        try {
            for (JsonNode row : JSON.readTree(listed.body())) {
                String name = row.path("index").asText();
                if (!name.isEmpty() && !name.startsWith(".")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable index list from " + httpUri + ": " + listed.body(), e);
        }
        for (String name : names) {
            HttpResponse<String> r = send("DELETE", "/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
            if (r.statusCode() != 200 && r.statusCode() != 404) {
                throw new IllegalStateException("DELETE /" + name + " on " + httpUri + " answered " + r.statusCode() + ": " + r.body());
            }
        }
        return names;
    }

    /** The cluster status ({@code green}, {@code yellow}, {@code red}); throws when the server does not answer. */
    public String clusterStatus() {
        HttpResponse<String> r = send("GET", "/_cluster/health");
        try {
            return JSON.readTree(r.body()).path("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable cluster health from " + httpUri + ": " + r.body(), e);
        }
    }

    private HttpResponse<String> send(String method, String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(httpUri + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
                throw new IllegalStateException(method + " " + path + " on " + httpUri + " answered " + r.statusCode() + ": " + r.body());
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " on " + httpUri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    @Override
    public String toString() {
        return "Elasticsearch at " + httpUri + (external ? " (external)" : "");
    }
}

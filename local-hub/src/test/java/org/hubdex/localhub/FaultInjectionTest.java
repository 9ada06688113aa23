package org.hubdex.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault mode, seen from a client, plus the counting rate limiter and the admin endpoints. */
class FaultInjectionTest {

    static final Instant NOW = Instant.parse("2026-01-10T00:00:10Z");

    @TempDir
    Path root;
    MutableClock clock = new MutableClock(NOW);
    LocalHubServer server;
    Http http;

    @BeforeEach
    void start() {
        HubFixture hub = new HubFixture(root);
        hub.model("org/a", "license: mit", 64);
        hub.model("org/g", "license: mit", 4);
        hub.model("org/y", "license: mit", 4);
        hub.settleAll(NOW);
        server = LocalHubServer.builder().setRoot(root).optClock(clock).optPeriodicRescan(false).optToken("hf_owner").build().start();
        http = new Http(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rateLimitStormAnswers429WithRateLimitHeadersThenRecovers() {
        server.setFaults(FaultPlan.parse("429:next=2:t=7:retry-after=3"));
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = http.get("/api/models");
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("RateLimit")).hasValue("\"api\";r=0;t=7");
            assertThat(r.headers().firstValue("RateLimit-Policy")).hasValue("\"fixed window\";\"api\";q=500;w=300");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(Http.json(r).get("error").asText()).contains("rate-limited");
        }
        assertThat(http.get("/api/models").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> resolve = http.get("/org/a/resolve/main/config.json");
        assertThat(resolve.statusCode()).isEqualTo(200);
        assertThat(server.stats().faults()).containsEntry("429", 2L);
        assertThat(server.requestLog()).filteredOn(rec -> rec.status() == 429).allMatch(rec -> rec.fault().orElse("").equals("429"));
    }

    @Test
    void serverErrorsFollowTheirTriggerAndScope() {
        server.setFaults(FaultPlan.parse("500:every=2:on=api,503:on=resolve"));
        List<Integer> api = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            api.add(http.get("/api/models/org/a").statusCode());
        }
        assertThat(api).containsExactly(200, 500, 200, 500);
        assertThat(http.get("/org/a/resolve/main/config.json").statusCode()).isEqualTo(503);
        // admin calls are never faulted
        assertThat(http.get("/admin/stats").statusCode()).isEqualTo(200);
    }

    @Test
    void slowDelaysTheAnswer() {
        server.setFaults(FaultPlan.parse("slow:ms=300:id=org/a"));
        long t0 = System.nanoTime();
        assertThat(http.get("/api/models/org/a").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        long t1 = System.nanoTime();
        assertThat(http.get("/api/models/org/g").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(300));
    }

    @Test
    void truncateDeclaresTheFullLengthAndCutsTheBody() throws Exception {
        server.setFaults(FaultPlan.parse("truncate:next=1:on=resolve:keep=0.5"));
        URI uri = server.uri().resolve("/org/a/resolve/main/model.safetensors");
        assertThatThrownBy(() -> Http.sendChecked("GET", uri)).isInstanceOf(IOException.class);
        // the next request is whole again
        HttpResponse<byte[]> r = Http.sendChecked("GET", uri);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat((long) r.body().length).isEqualTo(r.headers().firstValueAsLong("Content-Length").orElseThrow());
        RequestRecord cut = server.requestLog().stream().filter(rec -> rec.fault().isPresent()).findFirst().orElseThrow();
        assertThat(cut.fault()).hasValue("truncate");
        assertThat(cut.bytesSent()).isEqualTo(r.body().length / 2);
    }

    @Test
    void hangHoldsTheRequestThenClosesWithoutAnswer() {
        server.setFaults(FaultPlan.parse("hang:next=1:ms=400"));
        long t0 = System.nanoTime();
        assertThat(Http.rawExchange(server.uri(), "/api/models")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(http.get("/api/models").statusCode()).isEqualTo(200);
        assertThat(server.stats().count(HubEndpoint.LIST, 0)).isEqualTo(1);
    }

    @Test
    void dropClosesTheConnectionAtOnce() {
        server.setFaults(FaultPlan.parse("drop:next=1:on=resolve"));
        long t0 = System.nanoTime();
        assertThat(Http.rawExchange(server.uri(), "/org/a/resolve/main/config.json")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(http.get("/org/a/resolve/main/config.json").statusCode()).isEqualTo(200);
        // the JDK client retries a GET once on a connection closed before any answer: two drops reach it
        server.setFaults(FaultPlan.parse("drop:next=2"));
        assertThatThrownBy(() -> Http.sendChecked("GET", server.uri().resolve("/api/models"))).isInstanceOf(IOException.class);
        // the server counts a drop after closing the connection, so the client may see the close first
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.stats().faults().getOrDefault("drop", 0L) < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(server.stats().faults()).containsEntry("drop", 3L);
    }

    @Test
    void gatedModelIsListedReadableAndItsFilesNeedTheToken() {
        server.setFaults(FaultPlan.parse("gated:id=org/g"));
        assertThat(ListingTest.find(Http.json(http.get("/api/models?expand=gated")), "org/g").get("gated").asText()).isEqualTo("manual");
        assertThat(ListingTest.ids(Http.json(http.get("/api/models?gated=true")))).containsExactly("org/g");
        assertThat(http.get("/api/models/org/g").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> anonymous = http.get("/org/g/resolve/main/config.json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("X-Error-Code")).hasValue("GatedRepo");
        assertThat(http.get("/org/g/resolve/main/config.json", "Authorization", "Bearer hf_wrong").statusCode()).isEqualTo(401);
        assertThat(http.get("/org/g/resolve/main/config.json", "Authorization", "Bearer hf_owner").statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenTheServerDoesNotApproveGets403GatedRepo(@TempDir Path other) {
        HubFixture hub = new HubFixture(other);
        hub.model("org/g", "license: mit", 4);
        hub.settleAll(NOW);
        try (LocalHubServer noToken = LocalHubServer.builder().setRoot(other).optClock(clock).optPeriodicRescan(false)
                .optFaults(FaultPlan.parse("gated:id=org/g")).build().start()) {
            HttpResponse<byte[]> r = new Http(noToken.uri()).get("/org/g/resolve/main/config.json", "Authorization", "Bearer hf_someone");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("X-Error-Code")).hasValue("GatedRepo");
        }
    }

    @Test
    void vanishedModelIsListedButGoneOnInfoTreeAndResolve() {
        server.setFaults(FaultPlan.parse("vanish:id=org/y"));
        assertThat(ListingTest.ids(Http.json(http.get("/api/models")))).contains("org/y");
        for (String path : List.of("/api/models/org/y", "/api/models/org/y/tree/main", "/org/y/resolve/main/config.json")) {
            HttpResponse<byte[]> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("X-Error-Code")).as(path).hasValue("RepoNotFound");
        }
        assertThat(http.get("/api/models/org/y", "Authorization", "Bearer hf_owner").statusCode()).isEqualTo(404);
    }

    @Test
    void rateLimiterCountsPerBucketAndWindow() {
        server.setFaults(FaultPlan.parse("ratelimit:api=3:resolvers=1:window=60:retry-after=true"));
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = http.get("/api/models");
            assertThat(r.statusCode()).isEqualTo(200);
            remaining.add(r.headers().firstValue("RateLimit").orElseThrow());
        }
        assertThat(remaining).containsExactly("\"api\";r=2;t=50", "\"api\";r=1;t=50", "\"api\";r=0;t=50");
        HttpResponse<byte[]> over = http.get("/api/models/org/a");
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.headers().firstValue("RateLimit")).hasValue("\"api\";r=0;t=50");
        assertThat(over.headers().firstValue("RateLimit-Policy")).hasValue("\"fixed window\";\"api\";q=3;w=60");
        assertThat(over.headers().firstValue("Retry-After")).hasValue("50");
        // the resolvers bucket counts apart
        assertThat(http.get("/org/a/resolve/main/config.json").statusCode()).isEqualTo(200);
        assertThat(http.get("/org/a/resolve/main/config.json").statusCode()).isEqualTo(429);
        // a new window
        clock.advance(Duration.ofSeconds(50));
        HttpResponse<byte[]> again = http.get("/api/models");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("RateLimit")).hasValue("\"api\";r=2;t=60");
    }

    @Test
    void faultsAreSetAndReadThroughAdmin() {
        HttpResponse<byte[]> put = http.put("/admin/faults", "500:next=1");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Http.json(put).get("spec").asText()).isEqualTo("500:next=1");
        assertThat(http.get("/api/models").statusCode()).isEqualTo(500);
        assertThat(http.get("/api/models").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> bad = http.put("/admin/faults", "teapot");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Http.json(bad).get("error").asText()).contains("unknown mode 'teapot'");
        assertThat(server.faults().toSpec()).isEqualTo("500:next=1");
        assertThat(Http.json(http.put("/admin/faults", "")).get("spec").asText()).isEqualTo("none");
        var stats = Http.json(http.get("/admin/stats"));
        assertThat(stats.get("byEndpoint").get("list").get("500").asLong()).isEqualTo(1);
        assertThat(stats.get("byEndpoint").get("list").get("200").asLong()).isEqualTo(1);
        assertThat(stats.get("faults").get("500").asLong()).isEqualTo(1);
        assertThat(stats.get("models").asInt()).isEqualTo(3);
    }
}

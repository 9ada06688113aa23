package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries with backoff, server hints (RateLimit, Retry-After), giving up typed, network failures and cut bodies; no real sleeping. */
class RetryTest {

    private static final String MODEL = "{\"id\":\"org/model\",\"sha\":\"0123456789abcdef0123456789abcdef01234567\"}";

    private FakeHub hub;
    private FakeTime time;

    @BeforeEach
    void setUp() {
        hub = FakeHub.start();
        time = new FakeTime();
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private ModelInfo info(HubClient client) {
        return client.modelInfo("org/model", Optional.empty(), false);
    }

    @Test
    void backoffDoublesFromOneSecondToEight() {
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(RetryPolicy.DEFAULT::backoff).toList())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                        Duration.ofSeconds(8), Duration.ofSeconds(8));
        assertThat(RetryPolicy.DEFAULT.retryableStatuses()).containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504);
        assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(5);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenSucceed() {
        hub.on("/api/models/org/model", FakeHub.sequence(FakeHub.status(500, Map.of(), ""), FakeHub.status(502, Map.of(), ""),
                FakeHub.status(503, Map.of(), ""), FakeHub.json(MODEL)));
        HubClient client = TestClients.client(hub, time);
        assertThat(info(client).id()).isEqualTo("org/model");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(client.stats().retries()).isEqualTo(3);
        assertThat(client.stats().requests()).isEqualTo(4);
    }

    @Test
    void givesUpAfterFiveAttemptsWithTheTypedError() {
        hub.on("/api/models/org/model", FakeHub.status(504, Map.of(), ""));
        HubServerException e = catchThrowableOfType(HubServerException.class, () -> info(TestClients.client(hub, time)));
        assertThat(e.getMessage()).contains("gave up after 5 attempts");
        assertThat(hub.requests()).hasSize(5);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void rateLimitWithNothingRemainingSleepsTheResetPlusOne() {
        hub.on("/api/models/org/model", FakeHub.sequence(
                FakeHub.status(429, Map.of("RateLimit", "\"api\";r=0;t=17", "RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300"), ""),
                FakeHub.json(MODEL)));
        HubClient client = TestClients.client(hub, time);
        info(client);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(18));
    }

    @Test
    void retryAfterInSecondsAndAsAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(time.instant().plusSeconds(30).atOffset(ZoneOffset.UTC));
        hub.on("/api/models/org/model", FakeHub.sequence(
                FakeHub.status(503, Map.of("Retry-After", "7"), ""),
                FakeHub.status(429, Map.of("Retry-After", date), ""),
                FakeHub.json(MODEL)));
        info(TestClients.client(hub, time));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(30).minusSeconds(7));
    }

    @Test
    void aServerHintLongerThanThePolicyAllowsFailsAtOnceWithTheResetTime() {
        hub.on("/api/models/org/model", FakeHub.status(429, Map.of("RateLimit", "\"api\";r=0;t=3600"), ""));
        RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> info(TestClients.client(hub, time)));
        assertThat(e.resetAt()).contains(time.instant().plusSeconds(3600));
        assertThat(e.getMessage()).contains("3601 s");
        assertThat(hub.requests()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void rateLimitedAfterRetriesCarriesTheResetTime() {
        hub.on("/api/models/org/model", FakeHub.status(429, Map.of(), ""));
        HubClient client = TestClients.builder(hub, time).optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(3)).build();
        RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> info(client));
        assertThat(e.getMessage()).contains("gave up after 3 attempts");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void clientErrorsAreNotRetried() {
        hub.on("/api/models/org/model", FakeHub.status(404, Map.of("X-Error-Code", "RepoNotFound"), ""));
        catchThrowableOfType(RepositoryNotFoundException.class, () -> info(TestClients.client(hub, time)));
        assertThat(hub.requests()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void connectionRefusedIsRetriedThenUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HubClient client = HubClient.builder().optEndpoint(URI.create("http://127.0.0.1:" + port)).optNoToken().optClock(time)
                .optSleeper(time).optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(3)).build();
        HubUnreachableException e = catchThrowableOfType(HubUnreachableException.class, () -> info(client));
        assertThat(e.status()).isEmpty();
        assertThat(e.getMessage()).contains("no response").contains("gave up after 3 attempts");
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void aBodyCutShortIsFetchedAgain() {
        hub.on("/api/models/org/model", FakeHub.sequence((ex, r) -> {
            ex.sendResponseHeaders(200, 1000);
            OutputStream out = ex.getResponseBody();
            out.write("{\"id\":\"org/mo".getBytes());
            out.flush();
            throw new IOException("cut");
        }, FakeHub.json(MODEL)));
        assertThat(info(TestClients.client(hub, time)).id()).isEqualTo("org/model");
        assertThat(hub.requests()).hasSize(2);
    }

    @Test
    void aBodyThatStaysCutShortIsMalformed() {
        hub.on("/api/models/org/model", (ex, r) -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write("[{\"id\":".getBytes());
            ex.getResponseBody().flush();
            throw new IOException("cut");
        });
        HubClient client = TestClients.builder(hub, time).optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(2)).build();
        MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class, () -> info(client));
        assertThat(e.getMessage()).contains("truncated").contains("gave up after 2 attempts");
    }

    @Test
    void aStalledBodyIsAbortedByTheWatchdogAndRetried() {
        hub.on("/api/models/org/model", FakeHub.sequence((ex, r) -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write("{\"id\":".getBytes());
            ex.getResponseBody().flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, FakeHub.json(MODEL)));
        HubClient client = TestClients.builder(hub, time).optRequestTimeout(Duration.ofMillis(300)).build();
        long t0 = System.nanoTime();
        assertThat(info(client).id()).isEqualTo("org/model");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void invalidJsonIsMalformedWithoutRetry() {
        hub.on("/api/models/org/model", FakeHub.json("{\"id\": nope}"));
        MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class, () -> info(TestClients.client(hub, time)));
        assertThat(e.getMessage()).contains("JSON");
        assertThat(hub.requests()).hasSize(1);
    }
}

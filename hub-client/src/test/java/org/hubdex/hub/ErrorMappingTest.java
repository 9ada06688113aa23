package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error response the hub gives maps to its typed exception, with status, request id and URL. */
class ErrorMappingTest {

    private FakeHub hub;
    private FakeTime time;
    private HubClient client;

    @BeforeEach
    void setUp() {
        hub = FakeHub.start();
        time = new FakeTime();
        client = TestClients.builder(hub, time).optRetryPolicy(RetryPolicy.noRetries()).build();
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private <T extends HubException> T infoFails(int status, Map<String, String> headers, String body, Class<T> type) {
        hub.on("/api/models/org/model", FakeHub.status(status, headers, body));
        return catchThrowableOfType(type, () -> client.modelInfo("org/model", Optional.empty(), false));
    }

    private <T extends HubException> T resolveFails(int status, Map<String, String> headers, String body, Class<T> type) {
        hub.on("/org/model/resolve/main/config.json", FakeHub.status(status, headers, body));
        return catchThrowableOfType(type, () -> client.fileMetadata("org/model", Optional.empty(), "config.json"));
    }

    @Test
    void repoNotFoundByCodeAndBy401WithoutCode() {
        RepositoryNotFoundException e = infoFails(404, Map.of("X-Error-Code", "RepoNotFound", "X-Request-Id", "req-1"),
                "{\"error\":\"Repository not found\"}", RepositoryNotFoundException.class);
        assertThat(e.status()).hasValue(404);
        assertThat(e.requestId()).contains("req-1");
        assertThat(e.url()).hasValueSatisfying(u -> assertThat(u.getPath()).isEqualTo("/api/models/org/model"));
        assertThat(e.getMessage()).contains("GET").contains("/api/models/org/model").contains("404").contains("req-1")
                .contains("Repository not found");
        assertThat(infoFails(401, Map.of(), "{\"error\":\"Unauthorized\"}", RepositoryNotFoundException.class).status())
                .as("the hub answers 401 for a missing repository as for a private one").hasValue(401);
    }

    @Test
    void revisionAndEntryNotFound() {
        hub.on("/api/models/org/model/revision/refs%2Fpr%2F7", FakeHub.status(404, Map.of("X-Error-Code", "RevisionNotFound"), "{}"));
        RevisionNotFoundException rev = catchThrowableOfType(RevisionNotFoundException.class,
                () -> client.modelInfo("org/model", Optional.of("refs/pr/7"), false));
        assertThat(rev.getMessage()).contains("refs%2Fpr%2F7");
        assertThat(resolveFails(404, Map.of("X-Error-Code", "EntryNotFound"), "", EntryNotFoundException.class)).isNotNull();
        assertThat(resolveFails(404, Map.of(), "", EntryNotFoundException.class)).as("404 on resolve without a code").isNotNull();
    }

    @Test
    void gatedOn401And403() {
        GatedRepoException anonymous = infoFails(401, Map.of("X-Error-Code", "GatedRepo"),
                "{\"error\":\"Access to model org/model is restricted.\"}", GatedRepoException.class);
        assertThat(anonymous.getMessage()).contains("no token was sent");
        assertThat(resolveFails(403, Map.of("X-Error-Code", "GatedRepo"), "", GatedRepoException.class).status()).hasValue(403);
    }

    @Test
    void disabledByMessageInHeaderOrBody() {
        assertThat(infoFails(403, Map.of("X-Error-Message", "Access to this resource is disabled."), "", DisabledRepoException.class))
                .isNotNull();
        assertThat(resolveFails(403, Map.of("X-Error-Message", "Access to this resource is disabled."), "", DisabledRepoException.class))
                .as("HEAD has no body: the header says it").isNotNull();
        hub.on("/org/model/resolve/main/model.safetensors", FakeHub.status(403, Map.of(), "{\"error\":\"Access to this resource is disabled.\"}"));
        assertThat(catchThrowableOfType(DisabledRepoException.class,
                () -> client.readFile("org/model", Optional.empty(), "model.safetensors", 100))).isNotNull();
    }

    @Test
    void badTokenFromItsMessage() {
        BadTokenException e = infoFails(401, Map.of(), "{\"error\":\"Invalid credentials in Authorization header\"}", BadTokenException.class);
        assertThat(e.getMessage()).contains("HF_TOKEN");
    }

    @Test
    void badRequestRangeNotSatisfiableAndOthers() {
        hub.on("/api/models", FakeHub.status(400, Map.of(), "{\"error\":\"Invalid expand field\"}"));
        BadRequestException bad = catchThrowableOfType(BadRequestException.class,
                () -> client.listModels(ListModelsRequest.builder().build()).iterator().hasNext());
        assertThat(bad.getMessage()).contains("Invalid expand field");
        assertThat(infoFails(418, Map.of(), "teapot", HubException.class)).isExactlyInstanceOf(HubException.class);
        assertThat(infoFails(403, Map.of(), "forbidden", HubException.class)).isExactlyInstanceOf(HubException.class);
    }

    @Test
    void rateLimitedAndServerErrorsCarryTheirDetails() {
        RateLimitedException rl = infoFails(429, Map.of("RateLimit", "\"api\";r=0;t=42"), "", RateLimitedException.class);
        assertThat(rl.resetAt()).contains(time.instant().plusSeconds(42));
        assertThat(rl.getMessage()).contains("gave up after 1 attempt");
        HubServerException s = infoFails(503, Map.of("X-Request-Id", "r5"), "<html>Service Unavailable</html>", HubServerException.class);
        assertThat(s.status()).hasValue(503);
        assertThat(s.requestId()).contains("r5");
        assertThat(infoFails(408, Map.of(), "", HubServerException.class)).isNotNull();
    }

    @Test
    void longServerMessagesAreShortenedToOneLine() {
        String longBody = "line\n".repeat(500);
        HubServerException e = infoFails(500, Map.of(), longBody, HubServerException.class);
        Consumer<String> oneLine = m -> assertThat(m).doesNotContain("\n").hasSizeLessThan(700);
        oneLine.accept(e.getMessage());
    }
}

package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirects are followed by the client: the token never goes to another host; relative Location; the cap; HEAD metadata stops at a CDN. */
class RedirectTest {

    private static final String TOKEN = "hf_redirectTestToken0123456789";
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    private FakeHub hub;
    private FakeHub cdn;
    private FakeTime time;

    @BeforeEach
    void setUp() {
        hub = FakeHub.start();
        cdn = FakeHub.start();
        time = new FakeTime();
    }

    @AfterEach
    void tearDown() {
        hub.close();
        cdn.close();
    }

    private HubClient client() {
        return TestClients.builder(hub, time).optToken(TOKEN).build();
    }

    @Test
    void aRedirectToAnotherHostDropsTheAuthorizationHeader() {
        URI cdnUrl = URI.create(cdn.uriOn("localhost") + "/blobs/abc?X-Amz-Signature=s3cr3t");
        hub.on("/org/model/resolve/main/config.json",
                FakeHub.status(302, Map.of("Location", cdnUrl.toString(), "X-Repo-Commit", SHA), ""));
        cdn.on("/blobs/abc", FakeHub.json("{\"model_type\":\"llama\"}"));
        byte[] got = client().readFile("org/model", Optional.empty(), "config.json", 1000);
        assertThat(new String(got, StandardCharsets.UTF_8)).contains("llama");
        assertThat(hub.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(cdn.requests()).hasSize(1);
        assertThat(cdn.requests().get(0).header("Authorization")).as("the token must not reach the CDN").isNull();
        assertThat(cdn.requests().get(0).header("Accept-Encoding")).isEqualTo("identity");
    }

    @Test
    void aRelativeRedirectOnTheHubKeepsTheTokenAndIsResolved() {
        hub.on("/old/name/resolve/main/config.json", FakeHub.status(307, Map.of("Location", "/new/name/resolve/main/config.json"), ""));
        hub.on("/new/name/resolve/main/config.json", FakeHub.json("{}"));
        client().readFile("old/name", Optional.empty(), "config.json", 1000);
        assertThat(hub.requests()).hasSize(2);
        assertThat(hub.requests().get(1).uri().getPath()).isEqualTo("/new/name/resolve/main/config.json");
        assertThat(hub.requests().get(1).header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void moreThanFiveRedirectsFail() {
        hub.on("/org/model/resolve/main/loop.json", FakeHub.status(302, Map.of("Location", "/org/model/resolve/main/loop.json"), ""));
        HubException e = catchThrowableOfType(HubException.class, () -> client().readFile("org/model", Optional.empty(), "loop.json", 10));
        assertThat(e.getMessage()).contains("more than 5 redirects");
        assertThat(hub.requests()).hasSize(6);
    }

    @Test
    void aRedirectWithoutLocationIsMalformed() {
        hub.on("/org/model/resolve/main/x.json", FakeHub.status(302, Map.of(), ""));
        catchThrowableOfType(MalformedResponseException.class, () -> client().readFile("org/model", Optional.empty(), "x.json", 10));
    }

    @Test
    void headMetadataReportsTheCdnLocationWithoutFollowingIt() {
        URI cdnUrl = URI.create(cdn.uriOn("localhost") + "/blobs/weights?sig=1");
        hub.on("/org/model/resolve/main/model.safetensors", FakeHub.status(302, Map.of("Location", cdnUrl.toString(),
                "X-Repo-Commit", SHA, "X-Linked-Etag", "\"3b7e1f4e8f2c\"", "X-Linked-Size", "9942981696", "ETag", "W/\"git-blob\""), ""));
        FileMetadata meta = client().fileMetadata("org/model", Optional.empty(), "model.safetensors");
        assertThat(meta.commit()).contains(SHA);
        assertThat(meta.etag()).as("X-Linked-Etag wins, quotes stripped").contains("3b7e1f4e8f2c");
        assertThat(meta.size()).hasValue(9942981696L);
        assertThat(meta.location()).isEqualTo(cdnUrl);
        assertThat(cdn.requests()).isEmpty();
        assertThat(hub.requests().get(0).method()).isEqualTo("HEAD");
    }

    @Test
    void headMetadataOfAFileServedByTheHubItself() {
        hub.on("/org/model/resolve/v1.0/config.json", FakeHub.status(200, Map.of("X-Repo-Commit", SHA, "ETag", "W/\"abc\"",
                "X-Linked-Size", "571"), ""));
        FileMetadata meta = client().fileMetadata("org/model", Optional.of("v1.0"), "config.json");
        assertThat(meta.etag()).contains("abc");
        assertThat(meta.size()).hasValue(571);
        assertThat(meta.location().getPath()).isEqualTo("/org/model/resolve/v1.0/config.json");
    }
}

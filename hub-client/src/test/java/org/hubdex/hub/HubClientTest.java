package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The builder's checks, URL encoding of ids/revisions/paths, and the lifecycle. */
class HubClientTest {

    @Test
    void builderChecksEverySetting() {
        assertThatThrownBy(() -> HubClient.builder().optEndpoint(URI.create("ftp://hub")).build()).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> HubClient.builder().optEndpoint(URI.create("https://hub?x=1")).build()).hasMessageContaining("query");
        assertThatThrownBy(() -> HubClient.builder().optRequestTimeout(Duration.ZERO).build()).hasMessageContaining("request timeout");
        assertThatThrownBy(() -> HubClient.builder().optUserAgent("a\nb").build()).hasMessageContaining("user agent");
        HubClient c = HubClient.builder().optEndpoint(URI.create("https://mirror.example/hf/")).optNoToken().build();
        assertThat(c.endpoint()).isEqualTo(URI.create("https://mirror.example/hf"));
        assertThat(c.hasToken()).isFalse();
        assertThat(c.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void idsRevisionsAndPathsAreEncodedAndChecked() {
        try (FakeHub hub = FakeHub.start()) {
            hub.on("/api/models/org/m.v2_x-y/revision/refs%2Fpr%2F1", FakeHub.json("{\"id\":\"org/m.v2_x-y\"}"));
            hub.on("/org/m/resolve/v%201/dir/a%20b%2Bc.json", FakeHub.json("{}"));
            FakeTime time = new FakeTime();
            HubClient client = TestClients.client(hub, time);
            assertThat(client.modelInfo("org/m.v2_x-y", Optional.of("refs/pr/1"), false).id()).isEqualTo("org/m.v2_x-y");
            assertThat(client.readFile("org/m", Optional.of("v 1"), "dir/a b+c.json", 10)).hasSize(2);
            for (String bad : new String[] {"../etc", "a/b/c", "a--b/c", "", "org/.hidden", "org/x..y"}) {
                assertThatThrownBy(() -> client.modelInfo(bad, Optional.empty(), false)).as(bad).isInstanceOf(IllegalArgumentException.class);
            }
            for (String bad : new String[] {"../x", "/abs", "a//b", "a/./b", "http://x/y", "a\\b"}) {
                assertThatThrownBy(() -> client.openFile("org/m", Optional.empty(), bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(hub.requests()).hasSize(2);
        }
    }

    @Test
    void aClosedClientRefusesCalls() {
        try (FakeHub hub = FakeHub.start()) {
            hub.on("/api/models/org/m", FakeHub.json("{\"id\":\"org/m\"}"));
            HubClient client = TestClients.client(hub, new FakeTime());
            client.modelInfo("org/m", Optional.empty(), false);
            client.close();
            client.close();
            assertThatThrownBy(() -> client.modelInfo("org/m", Optional.empty(), false)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }
}

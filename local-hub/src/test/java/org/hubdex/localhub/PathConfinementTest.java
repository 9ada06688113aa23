package org.hubdex.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths are confined to the root: traversal (plain and percent-encoded), absolute paths,
 * backslashes, hidden files and symbolic links leaving the repository are refused. Requests go over
 * a raw socket so no client normalises {@code ..} away before the server sees it.
 */
class PathConfinementTest {

    static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");

    @TempDir
    Path dir;
    LocalHubServer server;

    @BeforeEach
    void start() throws Exception {
        Path root = dir.resolve("hub");
        HubFixture hub = new HubFixture(root);
        hub.model("org/m", "license: mit", 4);
        hub.model("org/other", "license: mit", 4);
        HubFixture.write(dir.resolve("secret.txt"), "outside the root");
        HubFixture.write(root.resolve("org/m/.hub.json"), "{\"downloads\":3}");
        HubFixture.write(root.resolve("org/m/.cache/blob"), "hidden");
        Files.createSymbolicLink(root.resolve("org/m/escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("org/m/inside.json"), root.resolve("org/m/config.json"));
        Files.createSymbolicLink(root.resolve("org/linked"), dir); // a repository folder pointing outside the root
        hub.settleAll(NOW);
        server = LocalHubServer.builder().setRoot(root).optClock(new MutableClock(NOW)).optPeriodicRescan(false).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void traversalAbsoluteAndBackslashPathsAre400() {
        for (String target : List.of(
                "/org/m/resolve/main/../../other/config.json",
                "/org/m/resolve/main/../../../secret.txt",
                "/org/m/resolve/main/%2e%2e/%2e%2e/%2e%2e/secret.txt",
                "/org/m/resolve/main/%2E%2E%2F%2E%2E%2Fsecret.txt",
                "/org/m/resolve/main//etc/passwd",
                "/org/m/resolve/main/%2Fetc%2Fpasswd",
                "/org/m/resolve/main/..%5c..%5csecret.txt",
                "/org/m/resolve/main/./config.json",
                "/org/m/resolve/main/config.json%00",
                "/api/models/org/m/tree/main/../..")) {
            assertThat(Http.rawStatus(server.uri(), target)).as(target).isEqualTo(400);
        }
    }

    @Test
    void traversalInTheModelIdIsAMissingRepository() {
        assertThat(Http.rawStatus(server.uri(), "/api/models/../secret.txt")).isEqualTo(401);
        assertThat(Http.rawStatus(server.uri(), "/%2e%2e/org/resolve/main/secret.txt")).isEqualTo(401);
        assertThat(Http.rawStatus(server.uri(), "/org/linked/resolve/main/secret.txt")).isEqualTo(401);
    }

    @Test
    void hiddenFilesAreNeverServed() {
        assertThat(Http.rawStatus(server.uri(), "/org/m/resolve/main/.hub.json")).isEqualTo(404);
        assertThat(Http.rawStatus(server.uri(), "/org/m/resolve/main/.cache/blob")).isEqualTo(404);
        assertThat(Http.rawStatus(server.uri(), "/org/m/resolve/main/%2ehub.json")).isEqualTo(404);
    }

    @Test
    void symlinksLeavingTheRepositoryAreNotPartOfIt() {
        JsonNode info = Http.json(new Http(server.uri()).get("/api/models/org/m"));
        assertThat(ModelInfoAndTreeTest.siblingNames(info)).contains("inside.json").doesNotContain("escape.txt", ".hub.json", ".cache/blob");
        assertThat(Http.rawStatus(server.uri(), "/org/m/resolve/main/escape.txt")).isEqualTo(404);
        assertThat(Http.rawStatus(server.uri(), "/org/m/resolve/main/inside.json")).isEqualTo(200);
        // the commit counts the same files as CommitSha
        assertThat(info.get("sha").asText()).isEqualTo(CommitSha.of(server.root().resolve("org/m")));
        assertThat(server.modelCount()).isEqualTo(2);
    }
}

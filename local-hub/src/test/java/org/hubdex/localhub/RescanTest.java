package org.hubdex.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New, changed and vanished folders: fresh {@code createdAt}, settle time, {@code lastModified} of a
 * new commit, cheap rescans, removal, the admin call and the periodic rescan.
 */
class RescanTest {

    static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
    static final Duration SETTLE = Duration.ofSeconds(5);

    @TempDir
    Path root;
    MutableClock clock = new MutableClock(NOW);
    HubFixture hub;
    LocalHubServer server;
    Http http;

    @BeforeEach
    void start() {
        hub = new HubFixture(root);
        hub.model("org/old", "license: mit", 4);
        hub.settleAll(NOW);
        server = LocalHubServer.builder().setRoot(root).optClock(clock).optSettleTime(SETTLE).optPeriodicRescan(false).build().start();
        http = new Http(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aNewFolderIsListedOnceQuietWithAFreshCreatedAt() {
        clock.advance(Duration.ofMinutes(10));
        Path dir = hub.model("org/new", "license: mit\nbase_model: org/old", 4);
        HubFixture.touchAll(dir, clock.instant().minusSeconds(1)); // written a second ago: still settling
        ScanResult first = server.rescan();
        assertThat(first.unsettled()).containsExactly("org/new");
        assertThat(first.added()).isEmpty();
        assertThat(http.get("/api/models/org/new").statusCode()).isEqualTo(401);

        clock.advance(SETTLE);
        ScanResult second = server.rescan();
        assertThat(second.added()).containsExactly("org/new");
        JsonNode info = Http.json(http.get("/api/models/org/new"));
        assertThat(info.get("createdAt").asText()).isEqualTo("2026-01-10T00:10:05.000Z");
        assertThat(info.get("lastModified").asText()).isEqualTo("2026-01-10T00:10:05.000Z");
        JsonNode newest = Http.json(http.get("/api/models?sort=createdAt&limit=1&expand=createdAt")).get(0);
        assertThat(newest.get("id").asText()).isEqualTo("org/new");
        assertThat(ListingTest.find(Http.json(http.get("/api/models?expand=childrenModelCount")), "org/old").get("childrenModelCount")
                .asInt()).isEqualTo(1);
    }

    @Test
    void aChangingFolderKeepsItsCommitUntilQuietThenGetsANewOne() throws Exception {
        JsonNode before = Http.json(http.get("/api/models/org/old"));
        clock.advance(Duration.ofMinutes(1));
        Path config = root.resolve("org/old/config.json");
        Files.writeString(config, "{\"architectures\":[\"GPT2LMHeadModel\"],\"model_type\":\"gpt2\"}");
        HubFixture.touchAll(root.resolve("org/old"), clock.instant()); // being copied right now
        assertThat(server.rescan().unsettled()).containsExactly("org/old");
        // still the previous commit, and its files are not served half-updated
        assertThat(Http.json(http.get("/api/models/org/old")).get("sha").asText()).isEqualTo(before.get("sha").asText());
        assertThat(http.get("/org/old/resolve/main/config.json").statusCode()).isEqualTo(503);

        clock.advance(SETTLE.plusSeconds(1));
        ScanResult r = server.rescan();
        assertThat(r.updated()).containsExactly("org/old");
        JsonNode after = Http.json(http.get("/api/models/org/old"));
        assertThat(after.get("sha").asText()).isNotEqualTo(before.get("sha").asText()).isEqualTo(CommitSha.of(root.resolve("org/old")));
        assertThat(after.get("config").get("model_type").asText()).isEqualTo("gpt2");
        assertThat(after.get("createdAt").asText()).isEqualTo(before.get("createdAt").asText());
        assertThat(after.get("lastModified").asText()).isEqualTo("2026-01-10T00:01:06.000Z");
        assertThat(http.get("/org/old/resolve/main/config.json").statusCode()).isEqualTo(200);
        assertThat(http.get("/org/old/resolve/" + before.get("sha").asText() + "/config.json").statusCode()).isEqualTo(404);
    }

    @Test
    void rescansHashOnlyChangedFiles() throws Exception {
        for (int i = 0; i < 20; i++) {
            hub.model("bulk/m" + i, "license: mit", 256);
        }
        hub.settleAll(NOW);
        ScanResult full = server.rescan();
        assertThat(full.added()).hasSize(20);
        assertThat(full.hashedBytes()).isPositive();
        ScanResult quiet = server.rescan();
        assertThat(quiet.hashedBytes()).isZero();
        assertThat(quiet.added()).isEmpty();
        assertThat(quiet.updated()).isEmpty();

        Path card = root.resolve("bulk/m3/README.md");
        Files.writeString(card, "---\nlicense: apache-2.0\n---\n");
        Files.setLastModifiedTime(card, java.nio.file.attribute.FileTime.from(NOW.minusSeconds(60)));
        ScanResult one = server.rescan();
        assertThat(one.updated()).containsExactly("bulk/m3");
        assertThat(one.hashedBytes()).isEqualTo(Files.size(card));
        assertThat(ListingTest.tags(Http.json(http.get("/api/models/bulk/m3")))).contains("license:apache-2.0");
    }

    @Test
    void hubJsonChangesAttributesWithoutANewCommit() {
        String sha = Http.json(http.get("/api/models/org/old")).get("sha").asText();
        HubFixture.write(root.resolve("org/old/.hub.json"), "{\"downloads\":42,\"gated\":\"manual\"}");
        hub.settleAll(NOW);
        ScanResult r = server.rescan();
        assertThat(r.updated()).isEmpty();
        JsonNode info = Http.json(http.get("/api/models/org/old"));
        assertThat(info.get("sha").asText()).isEqualTo(sha);
        assertThat(info.get("downloads").asLong()).isEqualTo(42);
        assertThat(info.get("gated").asText()).isEqualTo("manual");
    }

    @Test
    void aVanishedFolderIsGoneAfterTheRescan() throws Exception {
        hub.model("org/doomed", "license: mit", 4);
        hub.settleAll(NOW);
        server.rescan();
        assertThat(http.get("/api/models/org/doomed").statusCode()).isEqualTo(200);
        try (var walk = Files.walk(root.resolve("org/doomed"))) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        ScanResult r = server.rescan();
        assertThat(r.removed()).containsExactly("org/doomed");
        assertThat(http.get("/api/models/org/doomed").statusCode()).isEqualTo(401);
        assertThat(ListingTest.ids(Http.json(http.get("/api/models")))).containsExactly("org/old");
    }

    @Test
    void theAdminCallRescans() {
        hub.model("org/admin", "license: mit", 4);
        hub.settleAll(NOW);
        JsonNode r = Http.json(http.post("/admin/rescan"));
        assertThat(r.get("added").get(0).asText()).isEqualTo("org/admin");
        assertThat(r.get("models").asInt()).isEqualTo(2);
        assertThat(http.get("/admin/rescan").statusCode()).isEqualTo(405);
    }

    @Test
    void foldersThatAreNotRepositoriesAreIgnored() {
        HubFixture.write(root.resolve("org/empty-dir/.hidden"), "x");       // nothing served
        HubFixture.write(root.resolve("bad name/x/README.md"), "x");        // invalid author
        HubFixture.write(root.resolve(".trash/x/README.md"), "x");          // hidden author
        HubFixture.write(root.resolve("org/README.md"), "x");                // a file where a repository folder would be
        hub.settleAll(NOW);
        server.rescan();
        assertThat(ListingTest.ids(Http.json(http.get("/api/models")))).containsExactly("org/old");
    }

    @Test
    void thePeriodicRescanPublishesNewFoldersByItself(@TempDir Path other) throws Exception {
        try (LocalHubServer live = LocalHubServer.builder().setRoot(other).optSettleTime(Duration.ofMillis(100))
                .optRescanInterval(Duration.ofMillis(100)).build().start()) {
            new HubFixture(other).model("live/one", "license: mit", 4);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (live.modelCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(live.modelCount()).isEqualTo(1);
        }
    }
}

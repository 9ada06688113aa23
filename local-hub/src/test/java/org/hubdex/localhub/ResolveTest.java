package org.hubdex.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET|HEAD /{id}/resolve/{rev}/{path}}: headers, ranges, conditional requests, errors. */
class ResolveTest {

    static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");

    @TempDir
    Path root;
    LocalHubServer server;
    Http http;
    byte[] weights;
    String sha;

    @BeforeEach
    void start() throws Exception {
        HubFixture hub = new HubFixture(root);
        Path repo = hub.model("org/m", "license: mit", 64);
        HubFixture.write(repo.resolve("empty.txt"), new byte[0]);
        weights = Files.readAllBytes(repo.resolve("model.safetensors"));
        hub.settleAll(NOW);
        server = LocalHubServer.builder().setRoot(root).optClock(new MutableClock(NOW)).optPeriodicRescan(false).build().start();
        http = new Http(server.uri());
        sha = CommitSha.of(repo);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getWithoutRangeIs200WithTheHubsHeaders() {
        HttpResponse<byte[]> r = http.get("/org/m/resolve/main/model.safetensors");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(weights);
        String sha256 = CommitSha.sha256Hex(root.resolve("org/m/model.safetensors"));
        assertThat(r.headers().firstValue("X-Repo-Commit")).hasValue(sha);
        assertThat(r.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha256 + "\"");
        assertThat(r.headers().firstValue("X-Linked-Size")).hasValue(Long.toString(weights.length));
        assertThat(r.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(weights.length);
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void nonLfsFilesHaveAGitEtagAndNoLinkedHeaders() throws Exception {
        HttpResponse<byte[]> r = http.get("/org/m/resolve/" + sha + "/config.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"" + ModelInfoAndTreeTest.gitBlobId(r.body()) + "\"");
        assertThat(r.headers().firstValue("X-Linked-Etag")).isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    @Test
    void headHasTheGetsHeadersAndNoBody() {
        HttpResponse<byte[]> r = http.head("/org/m/resolve/main/model.safetensors");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(weights.length);
        assertThat(r.headers().firstValue("X-Repo-Commit")).hasValue(sha);
        assertThat(r.headers().firstValue("X-Linked-Size")).hasValue(Long.toString(weights.length));
        HttpResponse<byte[]> missing = http.head("/org/m/resolve/main/nothing.bin");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
    }

    @Test
    void rangesGive206WithContentRange() {
        HttpResponse<byte[]> r = http.get("/org/m/resolve/main/model.safetensors", "Range", "bytes=0-7");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(weights, 0, 8));
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 0-7/" + weights.length);

        r = http.get("/org/m/resolve/main/model.safetensors", "Range", "bytes=8-");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(weights, 8, weights.length));

        r = http.get("/org/m/resolve/main/model.safetensors", "Range", "bytes=-10");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(weights, weights.length - 10, weights.length));
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes " + (weights.length - 10) + "-" + (weights.length - 1) + "/"
                + weights.length);

        // the header probe of the hub's clients: bytes=0-100000 on a small file is the whole file, still 206
        r = http.get("/org/m/resolve/main/model.safetensors", "Range", "bytes=0-100000");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(weights);
    }

    @Test
    void unsatisfiableRangeIs416WithTheTotal() {
        for (String range : new String[] {"bytes=" + weights.length + "-", "bytes=99999-100000", "bytes=-0"}) {
            HttpResponse<byte[]> r = http.get("/org/m/resolve/main/model.safetensors", "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(416);
            assertThat(r.headers().firstValue("Content-Range")).as(range).hasValue("bytes */" + weights.length);
        }
        assertThat(http.get("/org/m/resolve/main/empty.txt", "Range", "bytes=0-1").statusCode()).isEqualTo(416);
    }

    @Test
    void multipleOrMalformedRangesAreIgnored() {
        for (String range : new String[] {"bytes=0-1,4-5", "bytes=5-2", "items=0-1", "bytes=x-y"}) {
            HttpResponse<byte[]> r = http.get("/org/m/resolve/main/model.safetensors", "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(200);
            assertThat(r.body()).as(range).isEqualTo(weights);
        }
    }

    @Test
    void emptyFileAndConditionalGet() {
        HttpResponse<byte[]> empty = http.get("/org/m/resolve/main/empty.txt");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
        assertThat(empty.headers().firstValueAsLong("Content-Length")).hasValue(0);
        String etag = http.head("/org/m/resolve/main/config.json").headers().firstValue("ETag").orElseThrow();
        assertThat(http.get("/org/m/resolve/main/config.json", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(http.get("/org/m/resolve/main/config.json", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRevisionFileAndRepo() {
        HttpResponse<byte[]> rev = http.get("/org/m/resolve/0000000000000000000000000000000000000000/config.json");
        assertThat(rev.statusCode()).isEqualTo(404);
        assertThat(rev.headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
        HttpResponse<byte[]> entry = http.get("/org/m/resolve/main/missing.json");
        assertThat(entry.statusCode()).isEqualTo(404);
        assertThat(entry.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        HttpResponse<byte[]> repo = http.get("/org/none/resolve/main/config.json");
        assertThat(repo.statusCode()).isEqualTo(401);
        assertThat(repo.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
    }

    @Test
    void aFileChangedAfterPublishingIsNotServedAsTheOldCommit() throws Exception {
        Files.writeString(root.resolve("org/m/config.json"), "{\"model_type\":\"changed, not yet rescanned\"}");
        HttpResponse<byte[]> r = http.get("/org/m/resolve/main/config.json");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void unknownPathsAndMethods() {
        assertThat(http.get("/nothing/here/at/all").statusCode()).isEqualTo(404);
        assertThat(http.post("/api/models").statusCode()).isEqualTo(405);
    }
}

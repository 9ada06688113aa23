package org.hubdex.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/models/{id}}, {@code /revision/{rev}} and {@code /tree/{rev}}: shapes and the hub's error answers. */
class ModelInfoAndTreeTest {

    static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");

    @TempDir
    Path root;
    LocalHubServer server;
    Http http;
    Path repo;

    @BeforeEach
    void start() {
        HubFixture hub = new HubFixture(root);
        repo = hub.model("org/sharded", "license: mit\nbase_model: org/base\npipeline_tag: text-generation", 4);
        // replace the single file by two shards and an index
        HubFixture.write(repo.resolve("model.safetensors"), new byte[0]);
        try {
            java.nio.file.Files.delete(repo.resolve("model.safetensors"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HubFixture.weights(repo.resolve("model-00001-of-00002.safetensors"), 6);
        HubFixture.weights(repo.resolve("model-00002-of-00002.safetensors"), 10);
        HubFixture.write(repo.resolve("model.safetensors.index.json"), "{\"metadata\":{\"total_size\":100},\"weight_map\":{"
                + "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        HubFixture.weights(repo.resolve("unet/diffusion_pytorch_model.safetensors"), 3);
        HubFixture.write(repo.resolve("unet/deep/notes.txt"), "hello");
        HubFixture.write(repo.resolve(".git/HEAD"), "ref: refs/heads/main");
        hub.cardOnly("org/disabled", "license: mit");
        HubFixture.write(root.resolve("org/disabled/.hub.json"), "{\"disabled\":true}");
        hub.model("org/corrupt", "license: mit", 4);
        HubFixture.write(root.resolve("org/corrupt/model.safetensors"), "not a safetensors file at all");
        hub.settleAll(NOW);
        server = LocalHubServer.builder().setRoot(root).optClock(new MutableClock(NOW)).optPeriodicRescan(false).optToken("hf_t")
                .build().start();
        http = new Http(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void infoHasTheFullPayloadWithSummedShards() {
        HttpResponse<byte[]> r = http.get("/api/models/org/sharded");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode info = Http.json(r);
        assertThat(info.get("id").asText()).isEqualTo("org/sharded");
        assertThat(info.get("author").asText()).isEqualTo("org");
        assertThat(info.get("sha").asText()).isEqualTo(CommitSha.of(repo));
        assertThat(info.get("safetensors").toString()).isEqualTo("{\"parameters\":{\"F16\":4,\"F32\":16},\"total\":20}");
        assertThat(info.get("cardData").get("license").asText()).isEqualTo("mit");
        assertThat(info.get("config").get("model_type").asText()).isEqualTo("bert");
        assertThat(info.get("gated").asBoolean()).isFalse();
        assertThat(info.get("lastModified").asText()).isEqualTo("2026-01-10T00:00:00.000Z");
        assertThat(siblingNames(info)).containsExactly("README.md", "config.json", "model-00001-of-00002.safetensors",
                "model-00002-of-00002.safetensors", "model.safetensors.index.json", "unet/deep/notes.txt",
                "unet/diffusion_pytorch_model.safetensors");
        assertThat(info.get("siblings").get(0).has("size")).isFalse();
        assertThat(info.get("usedStorage").asLong()).isPositive();
    }

    @Test
    void blobsAddSizesBlobIdsAndLfs() throws Exception {
        JsonNode info = Http.json(http.get("/api/models/org/sharded?blobs=true"));
        JsonNode readme = info.get("siblings").get(0);
        byte[] readmeBytes = java.nio.file.Files.readAllBytes(repo.resolve("README.md"));
        assertThat(readme.get("size").asLong()).isEqualTo(readmeBytes.length);
        assertThat(readme.get("blobId").asText()).isEqualTo(gitBlobId(readmeBytes));
        assertThat(readme.has("lfs")).isFalse();
        JsonNode shard = info.get("siblings").get(2);
        byte[] shardBytes = java.nio.file.Files.readAllBytes(repo.resolve("model-00001-of-00002.safetensors"));
        assertThat(shard.get("lfs").get("sha256").asText()).isEqualTo(CommitSha.sha256Hex(repo.resolve("model-00001-of-00002.safetensors")));
        assertThat(shard.get("lfs").get("size").asLong()).isEqualTo(shardBytes.length);
    }

    @Test
    void revisionIsMainOrTheShaElseRevisionNotFound() {
        String sha = Http.json(http.get("/api/models/org/sharded")).get("sha").asText();
        assertThat(http.get("/api/models/org/sharded/revision/main").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/models/org/sharded/revision/" + sha).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> r = http.get("/api/models/org/sharded/revision/refs%2Fpr%2F1");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
        assertThat(Http.json(r).get("error").asText()).contains("refs/pr/1");
    }

    @Test
    void expandOnInfo() {
        JsonNode info = Http.json(http.get("/api/models/org/sharded?expand=sha&expand=baseModels"));
        assertThat(ListingTest.fieldNames(info)).containsExactly("_id", "id", "sha", "baseModels");
        assertThat(http.get("/api/models/org/sharded?expand=nope").statusCode()).isEqualTo(400);
    }

    @Test
    void missingRepoIs401AnonymouslyAnd404WithAToken() {
        HttpResponse<byte[]> r = http.get("/api/models/org/nothing");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"Repository Not Found\"}");
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        HttpResponse<byte[]> authed = http.get("/api/models/org/nothing", "Authorization", "Bearer hf_t");
        assertThat(authed.statusCode()).isEqualTo(404);
        assertThat(authed.headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
    }

    @Test
    void wrongTokenIs401InvalidCredentials() {
        HttpResponse<byte[]> r = http.get("/api/models/org/sharded", "Authorization", "Bearer hf_wrong");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("Invalid credentials in Authorization header");
    }

    @Test
    void disabledRepoIs403() {
        HttpResponse<byte[]> r = http.get("/api/models/org/disabled");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("Access to this resource is disabled.");
        assertThat(http.get("/org/disabled/resolve/main/README.md").statusCode()).isEqualTo(403);
        JsonNode listed = ListingTest.find(Http.json(http.get("/api/models?expand=disabled")), "org/disabled");
        assertThat(listed.get("disabled").asBoolean()).isTrue();
    }

    @Test
    void aCorruptWeightsFileOmitsTheFieldButNotTheModel() {
        JsonNode list = Http.json(http.get("/api/models?expand=safetensors"));
        assertThat(ListingTest.fieldNames(ListingTest.find(list, "org/corrupt"))).containsExactly("_id", "id");
        assertThat(ListingTest.find(list, "org/sharded").has("safetensors")).isTrue();
        assertThat(ListingTest.tags(Http.json(http.get("/api/models/org/corrupt")))).contains("safetensors");
    }

    @Test
    void treeListsTopLevelOrEverythingRecursively() {
        JsonNode top = Http.json(http.get("/api/models/org/sharded/tree/main"));
        List<String> paths = paths(top);
        assertThat(paths).containsExactly("README.md", "config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                "model.safetensors.index.json", "unet");
        JsonNode unet = top.get(5);
        assertThat(unet.get("type").asText()).isEqualTo("directory");
        JsonNode shard = top.get(2);
        assertThat(shard.get("type").asText()).isEqualTo("file");
        assertThat(shard.get("lfs").get("oid").asText()).hasSize(64);
        assertThat(shard.get("oid").asText()).hasSize(40);
        assertThat(top.get(0).has("lfs")).isFalse();

        assertThat(paths(Http.json(http.get("/api/models/org/sharded/tree/main?recursive=true")))).contains("unet", "unet/deep",
                "unet/deep/notes.txt", "unet/diffusion_pytorch_model.safetensors").doesNotContain(".git", ".git/HEAD");
        assertThat(paths(Http.json(http.get("/api/models/org/sharded/tree/main/unet")))).containsExactly("unet/deep",
                "unet/diffusion_pytorch_model.safetensors");
        assertThat(http.get("/api/models/org/sharded/tree/main/nowhere").headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        assertThat(http.get("/api/models/org/sharded/tree/v2").headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
        assertThat(http.get("/api/models/org/sharded/tree/main/.git").statusCode()).isEqualTo(404);
    }

    @Test
    void treeIsPaginatedByLink() {
        List<String> all = new ArrayList<>();
        Optional<URI> next = Optional.of(server.uri().resolve("/api/models/org/sharded/tree/main?recursive=true&limit=3"));
        int pages = 0;
        while (next.isPresent()) {
            HttpResponse<byte[]> r = Http.send("GET", next.get());
            assertThat(r.statusCode()).isEqualTo(200);
            all.addAll(paths(Http.json(r)));
            next = Http.next(r);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(all).doesNotHaveDuplicates()
                .isEqualTo(paths(Http.json(http.get("/api/models/org/sharded/tree/main?recursive=true"))));
    }

    static List<String> paths(JsonNode tree) {
        List<String> out = new ArrayList<>();
        tree.forEach(n -> out.add(n.get("path").asText()));
        return out;
    }

    static List<String> siblingNames(JsonNode info) {
        List<String> out = new ArrayList<>();
        info.get("siblings").forEach(n -> out.add(n.get("rfilename").asText()));
        return out;
    }

    static String gitBlobId(byte[] content) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(content));
    }
}

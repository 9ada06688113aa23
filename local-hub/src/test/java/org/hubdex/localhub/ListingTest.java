package org.hubdex.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/models}: payload shapes, sort, filters, expand, validation, cursor pagination. */
class ListingTest {

    static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
    static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @TempDir
    Path root;
    MutableClock clock = new MutableClock(NOW);
    HubFixture hub;
    LocalHubServer server;
    Http http;

    @BeforeEach
    void start() {
        hub = new HubFixture(root);
        hub.model("org/base", "license: apache-2.0\npipeline_tag: fill-mask\nlibrary_name: transformers\ndatasets: wiki", 16);
        HubFixture.write(root.resolve("org/base/.hub.json"),
                "{\"createdAt\":\"2022-03-02T23:29:04.000Z\",\"downloads\":100,\"likes\":10,\"trendingScore\":5}");
        hub.model("org/child-a", "base_model: org/base\ndatasets: [d1, d2]\nlicense: mit\ntags: [tiny]", 8);
        HubFixture.write(root.resolve("org/child-a/.hub.json"), "{\"downloads\":50,\"likes\":20}");
        hub.model("other/child-b", "base_model: [org/base, org/child-a]\nlicense: [mit, apache-2.0]", 4);
        HubFixture.write(root.resolve("other/child-b/.hub.json"), "{\"downloads\":10}");
        hub.cardOnly("other/adapter", "base_model: org/base\nbase_model_relation: adapter");
        hub.cardOnly("org/gated-one", "license: mit");
        HubFixture.write(root.resolve("org/gated-one/.hub.json"), "{\"gated\":\"auto\"}");
        hub.cardOnly("org/private-one", "license: mit");
        HubFixture.write(root.resolve("org/private-one/.hub.json"), "{\"private\":true}");
        hub.settleAll(NOW);
        server = LocalHubServer.builder().setRoot(root).optClock(clock).optPeriodicRescan(false).optToken("hf_owner").build().start();
        http = new Http(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void defaultPayloadHasTheHubsFieldsAndHidesPrivateModels() {
        HttpResponse<byte[]> r = http.get("/api/models");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(r.headers().firstValue("Link")).isEmpty();
        JsonNode list = Http.json(r);
        assertThat(ids(list)).containsExactlyInAnyOrder("org/base", "org/child-a", "other/child-b", "other/adapter", "org/gated-one");
        JsonNode base = find(list, "org/base");
        assertThat(fieldNames(base)).containsExactly("_id", "id", "likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag",
                "library_name", "createdAt", "modelId");
        assertThat(base.get("_id").asText()).matches("[0-9a-f]{24}");
        assertThat(base.get("createdAt").asText()).isEqualTo("2022-03-02T23:29:04.000Z");
        assertThat(base.get("downloads").asLong()).isEqualTo(100);
        assertThat(base.get("private").asBoolean()).isFalse();
        assertThat(base.get("modelId").asText()).isEqualTo("org/base");
        JsonNode child = find(list, "org/child-a");
        assertThat(child.get("createdAt").asText()).matches(ISO_MILLIS).isEqualTo("2026-01-10T00:00:00.000Z");
        assertThat(fieldNames(find(list, "other/adapter"))).doesNotContain("pipeline_tag", "library_name");
    }

    @Test
    void theServersTokenSeesPrivateModels() {
        JsonNode list = Http.json(http.get("/api/models", "Authorization", "Bearer hf_owner"));
        assertThat(ids(list)).contains("org/private-one");
    }

    @Test
    void sortsNewestOrHighestFirstWithTheIdAsTieBreaker() {
        assertThat(ids(Http.json(http.get("/api/models?sort=downloads&direction=-1"))))
                .startsWith("org/base", "org/child-a", "other/child-b")
                .endsWith("org/gated-one", "other/adapter"); // 0 downloads each: by id
        assertThat(ids(Http.json(http.get("/api/models?sort=likes")))).startsWith("org/child-a", "org/base");
        assertThat(ids(Http.json(http.get("/api/models?sort=createdAt")))).last().isEqualTo("org/base");
        assertThat(ids(Http.json(http.get("/api/models?sort=trendingScore")))).first().isEqualTo("org/base");
        assertThat(ids(Http.json(http.get("/api/models?sort=id")))).containsExactly("other/child-b", "other/adapter", "org/gated-one",
                "org/child-a", "org/base");
    }

    @Test
    void rejectsAscendingOrderUnknownSortAndBadLimit() {
        for (String q : List.of("sort=createdAt&direction=1", "sort=popularity", "limit=0", "limit=x", "gated=maybe",
                "num_parameters=lots", "cursor=bm90LWEtY3Vyc29y")) {
            HttpResponse<byte[]> r = http.get("/api/models?" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(Http.json(r).get("error").asText()).as(q).isNotBlank();
        }
    }

    @Test
    void filtersBySearchAuthorTagsPipelineGatedAndParameters() {
        assertThat(ids(Http.json(http.get("/api/models?search=CHILD")))).containsExactlyInAnyOrder("org/child-a", "other/child-b");
        assertThat(ids(Http.json(http.get("/api/models?author=other")))).containsExactlyInAnyOrder("other/child-b", "other/adapter");
        assertThat(ids(Http.json(http.get("/api/models?filter=base_model:finetune:org/base")))).containsExactly("org/child-a");
        assertThat(ids(Http.json(http.get("/api/models?filter=base_model:merge:org/base")))).containsExactly("other/child-b");
        assertThat(ids(Http.json(http.get("/api/models?filter=base_model:adapter:org/base")))).containsExactly("other/adapter");
        assertThat(ids(Http.json(http.get("/api/models?filter=base_model:org/base")))).containsExactlyInAnyOrder("org/child-a",
                "other/child-b", "other/adapter");
        assertThat(ids(Http.json(http.get("/api/models?filter=dataset:d1&filter=license:mit")))).containsExactly("org/child-a");
        assertThat(ids(Http.json(http.get("/api/models?filter=dataset:d1&filter=license:apache-2.0")))).isEmpty();
        assertThat(ids(Http.json(http.get("/api/models?pipeline_tag=fill-mask")))).containsExactly("org/base");
        assertThat(ids(Http.json(http.get("/api/models?gated=true")))).containsExactly("org/gated-one");
        assertThat(ids(Http.json(http.get("/api/models?gated=false")))).doesNotContain("org/gated-one").hasSize(4);
        // parameters = F32 values + 2 F16 biases: base 18, child-a 10, child-b 6; models without weights never match
        assertThat(ids(Http.json(http.get("/api/models?num_parameters=min:10")))).containsExactlyInAnyOrder("org/base", "org/child-a");
        assertThat(ids(Http.json(http.get("/api/models?num_parameters=min:0.005K,max:10")))).containsExactlyInAnyOrder("org/child-a",
                "other/child-b");
    }

    @Test
    void expandReturnsOnlyTheNamedFields() {
        JsonNode list = Http.json(http.get("/api/models?expand=safetensors&expand=childrenModelCount&expand[]=baseModels&expand=sha"));
        JsonNode base = find(list, "org/base");
        assertThat(fieldNames(base)).containsExactlyInAnyOrder("_id", "id", "safetensors", "childrenModelCount", "sha");
        assertThat(base.get("safetensors").toString()).isEqualTo("{\"parameters\":{\"F16\":2,\"F32\":16},\"total\":18}");
        assertThat(base.get("childrenModelCount").asInt()).isEqualTo(3);
        assertThat(base.get("sha").asText()).matches("[0-9a-f]{40}");
        assertThat(find(list, "other/child-b").get("baseModels").toString())
                .isEqualTo("{\"relation\":\"merge\",\"models\":[{\"id\":\"org/base\"},{\"id\":\"org/child-a\"}]}");
        assertThat(find(list, "org/child-a").get("baseModels").get("relation").asText()).isEqualTo("finetune");
        // no weights: no safetensors field, as on the hub
        assertThat(fieldNames(find(list, "other/adapter"))).containsExactlyInAnyOrder("_id", "id", "childrenModelCount", "baseModels", "sha");

        JsonNode gated = find(Http.json(http.get("/api/models?expand=gated&expand=createdAt&expand=lastModified")), "org/gated-one");
        assertThat(gated.get("gated").asText()).isEqualTo("auto");
        assertThat(gated.get("lastModified").asText()).matches(ISO_MILLIS);
    }

    @Test
    void unknownExpandFieldAndExpandWithFullAre400WithAJsonError() {
        HttpResponse<byte[]> r = http.get("/api/models?expand=downloads&expand=weightsEmbedding");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).contains("weightsEmbedding");
        assertThat(http.get("/api/models?expand=downloads&full=true").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/models?expand=downloads&cardData=true").statusCode()).isEqualTo(400);
    }

    @Test
    void fullConfigAndCardDataAddTheirFields() {
        JsonNode list = Http.json(http.get("/api/models?full=true&config=true&cardData=true"));
        JsonNode childB = find(list, "other/child-b");
        assertThat(fieldNames(childB)).contains("author", "sha", "lastModified", "siblings", "gated", "config", "cardData");
        assertThat(childB.get("siblings").toString())
                .isEqualTo("[{\"rfilename\":\"README.md\"},{\"rfilename\":\"config.json\"},{\"rfilename\":\"model.safetensors\"}]");
        assertThat(childB.get("config").toString()).isEqualTo("{\"architectures\":[\"BertModel\"],\"model_type\":\"bert\"}");
        // string-or-list fields keep the form the card wrote
        assertThat(childB.get("cardData").get("base_model").isArray()).isTrue();
        assertThat(find(list, "org/child-a").get("cardData").get("base_model").isTextual()).isTrue();
        assertThat(find(list, "org/child-a").get("cardData").get("datasets").isArray()).isTrue();
        assertThat(fieldNames(find(list, "other/adapter"))).doesNotContain("config");
    }

    @Test
    void derivedTagsFollowTheCard() {
        JsonNode list = Http.json(http.get("/api/models"));
        assertThat(tags(find(list, "org/base"))).containsExactly("transformers", "safetensors", "fill-mask", "dataset:wiki",
                "license:apache-2.0");
        assertThat(tags(find(list, "org/child-a"))).containsExactly("safetensors", "tiny", "dataset:d1", "dataset:d2",
                "base_model:org/base", "base_model:finetune:org/base", "license:mit");
        assertThat(tags(find(list, "other/child-b"))).containsExactly("safetensors", "base_model:org/base", "base_model:merge:org/base",
                "base_model:org/child-a", "base_model:merge:org/child-a", "license:mit", "license:apache-2.0");
        assertThat(tags(find(list, "other/adapter"))).containsExactly("base_model:org/base", "base_model:adapter:org/base");
    }

    @Test
    void paginationFollowsLinkAndIsStableWhileModelsAppear() {
        List<String> seen = new ArrayList<>();
        HttpResponse<byte[]> r = http.get("/api/models?sort=createdAt&limit=2&expand=createdAt");
        seen.addAll(ids(Http.json(r)));
        Optional<URI> next = Http.next(r);
        assertThat(next).isPresent();
        // absolute, carrying every parameter plus the cursor
        assertThat(next.get().toString()).startsWith(server.uri() + "/api/models?sort=createdAt&limit=2&expand=createdAt&cursor=");

        // A model appears mid-listing: newer, so it sorts before the cursor and never shifts the pages.
        clock.advance(Duration.ofMinutes(1));
        hub.model("new/arrival", "license: mit", 4);
        HubFixture.touchAll(root.resolve("new"), clock.instant().minusSeconds(60));
        assertThat(server.rescan().added()).containsExactly("new/arrival");

        int pages = 1;
        while (next.isPresent()) {
            r = Http.send("GET", next.get());
            assertThat(r.statusCode()).isEqualTo(200);
            seen.addAll(ids(Http.json(r)));
            next = Http.next(r);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactly("org/child-a", "org/gated-one", "other/adapter", "other/child-b",
                "org/base");
        JsonNode fresh = Http.json(http.get("/api/models?sort=createdAt&limit=1&expand=createdAt"));
        assertThat(fresh.get(0).get("id").asText()).isEqualTo("new/arrival");
        assertThat(fresh.get(0).get("createdAt").asText()).isEqualTo("2026-01-10T00:01:00.000Z");
    }

    @Test
    void aCursorOfAnotherSortIsRejected() {
        HttpResponse<byte[]> r = http.get("/api/models?sort=createdAt&limit=1");
        String cursor = Http.next(r).orElseThrow().getQuery().replaceAll(".*cursor=", "");
        assertThat(http.get("/api/models?sort=downloads&limit=1&cursor=" + cursor).statusCode()).isEqualTo(400);
    }

    @Test
    void everyModelIsListedOnceAcrossManyPages() {
        for (int i = 0; i < 40; i++) {
            hub.cardOnly(String.format("bulk/m%02d", i), "license: mit");
        }
        hub.settleAll(NOW);
        server.rescan();
        Set<String> seen = new HashSet<>();
        int count = 0;
        Optional<URI> next = Optional.of(server.uri().resolve("/api/models?author=bulk&limit=7&sort=lastModified"));
        while (next.isPresent()) {
            HttpResponse<byte[]> r = Http.send("GET", next.get());
            for (String id : ids(Http.json(r))) {
                seen.add(id);
                count++;
            }
            next = Http.next(r);
        }
        assertThat(count).isEqualTo(40);
        assertThat(seen).hasSize(40);
    }

    static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    static JsonNode find(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError(id + " not in " + ids(list));
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<String> tags(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.get("tags").forEach(t -> out.add(t.asText()));
        return out;
    }
}

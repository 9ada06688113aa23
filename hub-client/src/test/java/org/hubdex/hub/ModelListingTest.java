package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing against a fake hub: query parameters, Link pagination, resume from a saved cursor, limit, laziness, one page held. */
class ModelListingTest {

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

    /** Serves {@code total} models named m00000.. in pages of the request's limit; the next link carries every parameter plus an opaque cursor. */
    private void serveListing(int total) {
        hub.on("/api/models", (ex, r) -> {
            Map<String, List<String>> q = query(r.uri());
            int limit = Integer.parseInt(q.get("limit").get(0));
            int from = q.containsKey("cursor") ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(q.get("cursor").get(0)),
                    StandardCharsets.UTF_8).substring(4)) : 0;
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < Math.min(total, from + limit); i++) {
                body.append(i > from ? "," : "").append("{\"_id\":\"x\",\"id\":\"org/m").append(String.format("%05d", i))
                        .append("\",\"createdAt\":\"2025-01-01T00:00:00.000Z\"}");
            }
            body.append(']');
            Map<String, String> headers = new LinkedHashMap<>();
            if (from + limit < total) {
                String raw = r.uri().getRawQuery().replaceAll("&?cursor=[^&]*", "");
                String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(("pos:" + (from + limit)).getBytes(StandardCharsets.UTF_8));
                headers.put("Link", "<" + hub.uri() + "/api/models?" + raw + "&cursor=" + cursor + ">; rel=\"next\"");
            }
            FakeHub.respond(ex, 200, headers, body.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                q.computeIfAbsent(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    @Test
    void requestCarriesFiltersSortExpandAndPageSize() {
        serveListing(3);
        HubClient client = TestClients.client(hub, time);
        ListModelsRequest req = ListModelsRequest.builder().optSearch("llama 3").optAuthor("meta-llama")
                .addFilter("base_model:finetune:meta-llama/Llama-3.1-8B").addFilter("dataset:x/y").optSort(ModelSort.CREATED_AT)
                .addExpand(ExpandField.SHA, ExpandField.CREATED_AT, ExpandField.CARD_DATA).optPageSize(500).optGated(false).build();
        List<ModelInfo> all = client.listModels(req).stream().toList();
        assertThat(all).hasSize(3);
        Map<String, List<String>> q = query(hub.requests("/api/models").get(0).uri());
        assertThat(q.get("search")).containsExactly("llama 3");
        assertThat(q.get("author")).containsExactly("meta-llama");
        assertThat(q.get("filter")).containsExactly("base_model:finetune:meta-llama/Llama-3.1-8B", "dataset:x/y");
        assertThat(q.get("sort")).containsExactly("createdAt");
        assertThat(q.get("expand")).containsExactly("sha", "createdAt", "cardData");
        assertThat(q.get("limit")).containsExactly("500");
        assertThat(q.get("gated")).containsExactly("false");
        FakeHub.Request r = hub.requests().get(0);
        assertThat(r.header("Accept-Encoding")).isEqualTo("identity");
        assertThat(r.header("Authorization")).isNull();
        assertThat(r.header("User-Agent")).startsWith("hubdex-hub-client");
    }

    @Test
    void followsLinkNextUntilTheLastPageAndExposesTheCursor() {
        serveListing(25);
        HubClient client = TestClients.client(hub, time);
        ModelListing listing = client.listModels(ListModelsRequest.builder().optSort(ModelSort.LAST_MODIFIED).optPageSize(10).build());
        assertThat(hub.requests()).as("lazy: nothing fetched before iteration").isEmpty();
        List<ModelPage> pages = new ArrayList<>();
        listing.pages().forEach(pages::add);
        assertThat(pages).extracting(p -> p.models().size()).containsExactly(10, 10, 5);
        assertThat(pages).extracting(ModelPage::number).containsExactly(1, 2, 3);
        assertThat(pages.get(0).nextPageUrl()).hasValueSatisfying(u -> assertThat(u.getQuery()).contains("cursor=").contains("sort=lastModified"));
        assertThat(pages.get(2).isLast()).isTrue();
        assertThat(pages.get(1).requestUrl()).isEqualTo(pages.get(0).nextPageUrl().orElseThrow());
        assertThat(hub.requests()).hasSize(3);
        List<String> ids = client.listModels(ListModelsRequest.builder().optPageSize(10).build()).stream().map(ModelInfo::id).toList();
        assertThat(ids).hasSize(25).doesNotHaveDuplicates().startsWith("org/m00000").endsWith("org/m00024");
    }

    @Test
    void resumesFromASavedNextUrl() {
        serveListing(25);
        HubClient client = TestClients.client(hub, time);
        ModelPage first = client.listModels(ListModelsRequest.builder().optPageSize(10).build()).pages().iterator().next();
        URI saved = first.nextPageUrl().orElseThrow();

        HubClient restarted = TestClients.client(hub, time);
        List<String> rest = restarted.listModels(ListModelsRequest.builder().optPageSize(10).optStartUrl(saved).build())
                .stream().map(ModelInfo::id).toList();
        assertThat(rest).hasSize(15).startsWith("org/m00010");
        assertThat(hub.requests().get(1).uri().getRawQuery()).isEqualTo(saved.getRawQuery());
    }

    @Test
    void limitStopsEarlyAndAsksForNoMoreThanNeeded() {
        serveListing(100);
        HubClient client = TestClients.client(hub, time);
        List<ModelInfo> got = client.listModels(ListModelsRequest.builder().optPageSize(10).optLimit(15).build()).stream().toList();
        assertThat(got).hasSize(15);
        assertThat(hub.requests()).hasSize(2);
        client.listModels(ListModelsRequest.builder().optPageSize(1000).optLimit(7).build()).stream().toList();
        assertThat(query(hub.requests().get(2).uri()).get("limit")).containsExactly("7");
    }

    @Test
    void holdsOnlyTheCurrentPage() {
        serveListing(30);
        HubClient client = TestClients.client(hub, time);
        var pages = client.listModels(ListModelsRequest.builder().optPageSize(10).build()).pages().iterator();
        WeakReference<List<ModelInfo>> firstPage = new WeakReference<>(pages.next().models());
        pages.next();
        pages.next();
        for (int i = 0; i < 20 && firstPage.get() != null; i++) {
            System.gc();
        }
        assertThat(firstPage.get()).as("the first page is garbage once the iterator moved on").isNull();
    }

    @Test
    void startUrlMustBeOnTheClientsHub() {
        HubClient client = TestClients.client(hub, time);
        ListModelsRequest other = ListModelsRequest.builder().optStartUrl(URI.create("https://elsewhere.example/api/models?cursor=x")).build();
        assertThatThrownBy(() -> client.listModels(other)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> ListModelsRequest.builder().optStartUrl(URI.create("/api/models")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderRejectsExpandWithFullAndBadPageSizes() {
        assertThatThrownBy(() -> ListModelsRequest.builder().addExpand(ExpandField.SHA).optFull(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusive");
        assertThatThrownBy(() -> ListModelsRequest.builder().optPageSize(0).build()).hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> ListModelsRequest.builder().optPageSize(1001).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListModelsRequest.builder().addFilter(" ").build()).hasMessageContaining("filter");
    }

    @Test
    void aNonArrayPageIsMalformedWithTheUrl() {
        hub.on("/api/models", FakeHub.json("{\"models\":[]}"));
        HubClient client = TestClients.client(hub, time);
        assertThatThrownBy(() -> client.listModels(ListModelsRequest.builder().build()).iterator().hasNext())
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("/api/models")
                .satisfies(e -> assertThat(((HubException) e).url()).isPresent());
    }
}

package org.hubdex.crawler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hubdex.crawler.CrawlPass;
import org.hubdex.hub.ModelInfo;
import org.hubdex.hub.ModelPage;
import org.hubdex.schemas.avro.CrawlerState;
import org.hubdex.schemas.avro.CrawlerStateKind;
import org.hubdex.schemas.avro.GatedMode;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.junit.jupiter.api.Test;

class PagePlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final PagePlanner planner = new PagePlanner("test", "http://hub", false);
    private final CrawlerStateStore state = new CrawlerStateStore("test");

    @Test
    void newModelsAreCreatedAndKnownShasAreSkipped() {
        remember("org/a", "aaa");
        ModelPage page = page(model("org/a", "aaa", "2026-11-25T10:00:00Z"), model("org/b", "bbb", "2026-11-25T09:00:00Z"));
        PagePlanner.PagePlan plan = planner.plan(CrawlPass.poll("createdAt"), page, Optional.empty(), state, NOW);
        assertThat(plan.events()).extracting(ModelEvent::getModelId).containsExactly("org/b");
        assertThat(plan.events().get(0).getKind()).isEqualTo(ModelEventKind.CREATED);
        assertThat(plan.skipped()).isEqualTo(1);
        assertThat(plan.modelStates()).extracting(CrawlerState::getModelId, CrawlerState::getSha).containsExactly(
                org.assertj.core.groups.Tuple.tuple("org/b", "bbb"));
        assertThat(plan.newest()).contains(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void aNewShaOfAKnownModelIsAnUpdate() {
        remember("org/a", "aaa");
        PagePlanner.PagePlan plan = planner.plan(CrawlPass.poll("lastModified"),
                page(model("org/a", "a2", "2026-11-20T00:00:00Z")), Optional.empty(), state, NOW);
        assertThat(plan.events()).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo(ModelEventKind.UPDATED);
            assertThat(e.getSha()).isEqualTo("a2");
        });
    }

    @Test
    void entriesOlderThanTheHighWaterMarkEndThePass() {
        ModelPage page = page(model("org/new", "n", "2026-11-25T10:00:00Z"), model("org/old", "o", "2026-11-24T10:00:00Z"));
        PagePlanner.PagePlan plan = planner.plan(CrawlPass.poll("createdAt"), page,
                Optional.of(Instant.parse("2026-11-25T00:00:00Z")), state, NOW);
        assertThat(plan.reachedMark()).isTrue();
        assertThat(plan.beyondMark()).isEqualTo(1);
        assertThat(plan.events()).extracting(ModelEvent::getModelId).containsExactly("org/new");
    }

    @Test
    void aBackfillIgnoresTheMark() {
        ModelPage page = page(model("org/old", "o", "2020-01-01T00:00:00Z"));
        PagePlanner.PagePlan plan = planner.plan(CrawlPass.backfill("all", List.of(), Optional.empty(), Optional.empty()), page,
                Optional.of(NOW), state, NOW);
        assertThat(plan.reachedMark()).isFalse();
        assertThat(plan.events()).hasSize(1);
    }

    @Test
    void gatedWithoutATokenAndDisabledModelsAreUnavailableWithTheReason() {
        ModelPage page = page(
                "{\"id\":\"org/g\",\"sha\":\"g\",\"gated\":\"manual\",\"createdAt\":\"2026-11-25T10:00:00.000Z\"}",
                "{\"id\":\"org/d\",\"sha\":\"d\",\"disabled\":true,\"createdAt\":\"2026-11-25T10:00:00.000Z\"}",
                "{\"id\":\"org/n\",\"createdAt\":\"2026-11-25T10:00:00.000Z\"}");
        PagePlanner.PagePlan plan = planner.plan(CrawlPass.poll("createdAt"), page, Optional.empty(), state, NOW);
        assertThat(plan.events()).allSatisfy(e -> assertThat(e.getKind()).isEqualTo(ModelEventKind.UNAVAILABLE));
        assertThat(plan.events()).extracting(ModelEvent::getUnavailableReason).satisfiesExactly(
                r -> assertThat(r).startsWith("gated (manual)").contains("HF_TOKEN"),
                r -> assertThat(r).startsWith("disabled"),
                r -> assertThat(r).contains("no commit sha"));
        assertThat(plan.events().get(0).getGated()).isEqualTo(GatedMode.MANUAL);

        PagePlanner withToken = new PagePlanner("test", "http://hub", true);
        assertThat(withToken.plan(CrawlPass.poll("createdAt"), page, Optional.empty(), state, NOW).events().get(0).getKind())
                .isEqualTo(ModelEventKind.CREATED);
    }

    @Test
    void anEntryWithAnImpossibleIdBecomesADeadLetter() {
        ModelPage page = page("{\"id\":\"../../etc\",\"sha\":\"x\"}");
        PagePlanner.PagePlan plan = planner.plan(CrawlPass.poll("createdAt"), page, Optional.empty(), state, NOW);
        assertThat(plan.events()).isEmpty();
        assertThat(plan.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.getStage()).isEqualTo("crawler");
            assertThat(d.getReason()).contains("../../etc");
            assertThat(d.getPayloadRef()).isEqualTo("http://hub/api/models?page=1");
        });
    }

    @Test
    void theSameModelTwiceOnAPageIsEmittedOnce() {
        ModelPage page = page(model("org/a", "s", "2026-11-25T10:00:00Z"), model("org/a", "s", "2026-11-25T10:00:00Z"));
        assertThat(planner.plan(CrawlPass.poll("createdAt"), page, Optional.empty(), state, NOW).events()).hasSize(1);
    }

    @Test
    void eventsCarryTheCardFilesAndParameterCounts() {
        String json = "{\"id\":\"org/ft\",\"author\":\"org\",\"sha\":\"s1\",\"createdAt\":\"2026-11-25T10:00:00.000Z\","
                + "\"lastModified\":\"2026-11-25T11:00:00.000Z\",\"tags\":[\"base_model:org/base\"],\"pipeline_tag\":\"image-classification\","
                + "\"library_name\":\"pytorch\",\"cardData\":{\"base_model\":\"org/base\",\"license\":\"mit\",\"datasets\":[\"fashion_mnist\"]},"
                + "\"siblings\":[{\"rfilename\":\"model.safetensors\"}],\"safetensors\":{\"parameters\":{\"F32\":2464},\"total\":2464},"
                + "\"downloads\":3,\"likes\":1}";
        ModelEvent e = planner.plan(CrawlPass.poll("createdAt"), page(json), Optional.empty(), state, NOW).events().get(0);
        assertThat(e.getCardData().getBaseModels()).containsExactly("org/base");
        assertThat(e.getCardData().getLicense()).isEqualTo("mit");
        assertThat(e.getCardData().getDatasets()).containsExactly("fashion_mnist");
        assertThat(e.getFiles()).extracting(f -> f.getPath()).containsExactly("model.safetensors");
        assertThat(e.getParametersByDtype()).containsEntry("F32", 2464L);
        assertThat(e.getParameterTotal()).isEqualTo(2464L);
        assertThat(e.getPipelineTag()).isEqualTo("image-classification");
        assertThat(e.getHubUrl()).isEqualTo("http://hub");
        assertThat(e.getObservedAt()).isEqualTo(NOW);
        assertThat(e.getDownloads()).isEqualTo(3L);
    }

    private void remember(String id, String sha) {
        state.apply(CrawlerState.newBuilder().setCrawlerId("test").setKind(CrawlerStateKind.MODEL_SEEN).setModelId(id).setSha(sha)
                .setUpdatedAt(NOW).build());
    }

    private static String model(String id, String sha, String time) {
        return "{\"id\":\"" + id + "\",\"sha\":\"" + sha + "\",\"createdAt\":\"" + time + "\",\"lastModified\":\"" + time + "\"}";
    }

    private static ModelPage page(String... entries) {
        List<ModelInfo> models = java.util.Arrays.stream(entries).map(ModelInfo::fromJson).toList();
        return new ModelPage(1, URI.create("http://hub/api/models?page=1"), models, Optional.empty());
    }
}

package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hubdex.localhub.CommitSha;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.LocalHubServer;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the real local hub ({@link LocalHubServer}, in-process, port 0) over a
 * generated root of 1,200 repositories plus a few special ones: listing with sort/expand/limit and
 * cursor pagination, info with blobs, tree, HEAD metadata, ranged reads, weights, and the fault
 * modes (429 storm, 5xx, truncated bodies, dropped connections, hangs, gated, vanished, a counting
 * rate limiter), each ending in success after retries or in the right typed exception. Retries
 * sleep on a fake sleeper; only the server's clock is real.
 */
class LocalHubContractIT {

    private static final int GENERATED = 1200;
    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
    private static final String TOKEN = "hf_localHubContractToken01234";

    @TempDir
    static Path root;
    private static LocalHubServer server;
    private static byte[] tiny;
    private FakeTime time;
    private HubClient client;

    @BeforeAll
    static void generateAndStart() throws IOException {
        long t0 = System.nanoTime();
        tiny = SafetensorsWriter.create().addTensor("w", Dtype.F32, new long[] {2, 2}, new float[] {1, 2, 3, 4}).toBytes();
        for (int i = 0; i < GENERATED; i++) {
            Path repo = root.resolve("org" + (i % 7)).resolve(String.format("model-%05d", i));
            Files.createDirectories(repo);
            Files.write(repo.resolve("model.safetensors"), tiny);
            Files.writeString(repo.resolve("config.json"), "{\"architectures\":[\"TinyNet\"],\"model_type\":\"tiny\"}");
            Files.writeString(repo.resolve("README.md"), i % 3 == 0
                    ? "---\nbase_model: org0/model-00000\nlicense: mit\n---\n# tiny " + i + "\n"
                    : "---\nbase_model:\n- org1/model-00001\n- org2/model-00002\nlicense: [mit, apache-2.0]\n---\n");
            Files.writeString(repo.resolve(".hub.json"), "{\"createdAt\":\"" + BASE.plus(Duration.ofHours(i)) + "\",\"downloads\":" + i + "}");
        }
        special("sharded", repo -> {
            byte[] a = SafetensorsWriter.create().addTensor("a", Dtype.F32, new long[] {3}, new float[] {1, 2, 3}).toBytes();
            byte[] b = SafetensorsWriter.create().addTensor("b", Dtype.F16, new long[] {4}, new float[] {1, 2, 3, 4}).toBytes();
            Files.write(repo.resolve("model-00001-of-00002.safetensors"), a);
            Files.write(repo.resolve("model-00002-of-00002.safetensors"), b);
            Files.writeString(repo.resolve("model.safetensors.index.json"), "{\"metadata\":{\"total_size\":20},\"weight_map\":{"
                    + "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"}}");
        });
        special("long-header", repo -> Files.write(repo.resolve("model.safetensors"), SafetensorsWriter.create()
                .putMetadata("notes", "n".repeat(150_000)).addTensor("w", Dtype.F32, new long[] {1000}, new float[1000]).toBytes()));
        special("diffusion", repo -> {
            Files.createDirectories(repo.resolve("unet"));
            Files.write(repo.resolve("unet/diffusion_pytorch_model.safetensors"), tiny);
            Files.writeString(repo.resolve("unet/config.json"), "{}");
        });
        special("gated-one", repo -> Files.write(repo.resolve("model.safetensors"), tiny));
        special("vanishing", repo -> Files.write(repo.resolve("model.safetensors"), tiny));
        server = LocalHubServer.builder().setRoot(root).optPort(0).optSettleTime(Duration.ZERO).optPeriodicRescan(false)
                .optToken(TOKEN).build().start();
        System.out.printf("generated %d repos and started the local hub in %d ms%n", server.modelCount(), (System.nanoTime() - t0) / 1_000_000);
    }

    interface RepoWriter {
        void write(Path repo) throws IOException;
    }

    private static void special(String name, RepoWriter w) throws IOException {
        Path repo = root.resolve("special").resolve(name);
        Files.createDirectories(repo);
        w.write(repo);
        Files.writeString(repo.resolve(".hub.json"), "{\"createdAt\":\"2024-06-01T00:00:00.000Z\"}");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newClient() {
        time = new FakeTime();
        client = builder().optNoToken().build();
    }

    private HubClient.Builder builder() {
        RequestBudget roomy = RequestBudget.builder().optApiQuota(100_000).optResolveQuota(100_000).optClock(time).optSleeper(time).build();
        return HubClient.builder().optEndpoint(server.uri()).optClock(time).optSleeper(time).optRequestBudget(roomy)
                .optRequestTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void noFaults() {
        server.setFaults(FaultPlan.none());
    }

    @Test
    void listsEveryModelNewestFirstThroughTheCursorHoldingOnePage() {
        ModelListing listing = client.listModels(ListModelsRequest.builder().optSort(ModelSort.CREATED_AT)
                .addExpand(ExpandField.SHA, ExpandField.CREATED_AT, ExpandField.GATED).optPageSize(50).build());
        List<String> ids = new ArrayList<>();
        Instant previous = Instant.MAX;
        int pages = 0;
        WeakReference<List<ModelInfo>> firstPage = null;
        for (ModelPage page : listing.pages()) {
            pages++;
            assertThat(page.models().size()).isLessThanOrEqualTo(50);
            if (firstPage == null) {
                firstPage = new WeakReference<>(page.models());
                assertThat(page.nextPageUrl()).hasValueSatisfying(u -> assertThat(u.getRawQuery()).contains("cursor="));
            }
            for (ModelInfo m : page.models()) {
                ids.add(m.id());
                Instant created = m.createdAt().orElseThrow();
                assertThat(created).isBeforeOrEqualTo(previous);
                previous = created;
                assertThat(m.sha()).hasValueSatisfying(s -> assertThat(s).hasSize(40));
                assertThat(m.downloads()).as("not expanded: not returned").isEmpty();
            }
        }
        assertThat(ids).hasSize(GENERATED + 5).doesNotHaveDuplicates();
        assertThat(ids.get(0)).isEqualTo(String.format("org%d/model-%05d", (GENERATED - 1) % 7, GENERATED - 1));
        assertThat(pages).isEqualTo((GENERATED + 5 + 49) / 50);
        for (int i = 0; i < 20 && firstPage.get() != null; i++) {
            System.gc();
        }
        assertThat(firstPage.get()).as("earlier pages are not retained").isNull();
    }

    @Test
    void resumesFromASavedCursorAndHonoursLimitAndFilters() {
        ListModelsRequest req = ListModelsRequest.builder().optSort(ModelSort.CREATED_AT).optPageSize(100).build();
        var it = client.listModels(req).pages().iterator();
        it.next();
        ModelPage second = it.next();
        URI cursor = second.nextPageUrl().orElseThrow();
        List<String> resumed = builder().optNoToken().build()
                .listModels(ListModelsRequest.builder().optPageSize(100).optStartUrl(cursor).build()).stream().map(ModelInfo::id).toList();
        List<String> all = client.listModels(req).stream().map(ModelInfo::id).toList();
        assertThat(resumed).isEqualTo(all.subList(200, all.size()));

        assertThat(client.listModels(ListModelsRequest.builder().optAuthor("org3").optLimit(30).optPageSize(7).build()).stream().toList())
                .hasSize(30).allSatisfy(m -> assertThat(m.id()).startsWith("org3/"));
        assertThat(client.listModels(ListModelsRequest.builder().addFilter("base_model:finetune:org0/model-00000").optPageSize(1000).build())
                .stream().count()).isEqualTo(GENERATED / 3);
    }

    @Test
    void modelInfoWithBlobsMatchesTheFolder() throws IOException {
        Path folder = root.resolve("special/sharded");
        ModelInfo info = client.modelInfo("special/sharded", Optional.empty(), true);
        assertThat(info.sha()).contains(CommitSha.of(folder));
        Sibling shard = info.sibling("model-00001-of-00002.safetensors").orElseThrow();
        assertThat(shard.size()).hasValue(Files.size(folder.resolve("model-00001-of-00002.safetensors")));
        assertThat(shard.lfs()).hasValueSatisfying(l -> assertThat(l.sha256())
                .isEqualTo(CommitSha.sha256Hex(folder.resolve("model-00001-of-00002.safetensors"))));
        ModelInfo generated = client.modelInfo("org3/model-00003", Optional.empty(), false);
        assertThat(generated.cardData().orElseThrow().baseModels()).containsExactly("org0/model-00000");
        assertThat(client.modelInfo("org1/model-00001", Optional.empty(), false).cardData().orElseThrow().baseModels())
                .containsExactly("org1/model-00001", "org2/model-00002");
        assertThat(client.modelInfo("special/sharded", Optional.of(info.sha().orElseThrow()), false).id()).isEqualTo("special/sharded");
        catchThrowableOfType(RevisionNotFoundException.class, () -> client.modelInfo("special/sharded", Optional.of("no-such-branch"), false));
        catchThrowableOfType(RepositoryNotFoundException.class, () -> client.modelInfo("nobody/nothing", Optional.empty(), false));
    }

    @Test
    void treeHeadAndRangedReads() throws IOException {
        List<RepoFile> tree = client.listTree("special/diffusion", Optional.empty(), true);
        assertThat(tree).extracting(RepoFile::path).contains("unet", "unet/diffusion_pytorch_model.safetensors", "unet/config.json");
        assertThat(tree.stream().filter(f -> f.path().equals("unet/diffusion_pytorch_model.safetensors")).findFirst().orElseThrow().lfs())
                .isPresent();

        Path file = root.resolve("special/sharded/model-00001-of-00002.safetensors");
        FileMetadata meta = client.fileMetadata("special/sharded", Optional.empty(), "model-00001-of-00002.safetensors");
        assertThat(meta.commit()).contains(CommitSha.of(root.resolve("special/sharded")));
        assertThat(meta.size()).hasValue(Files.size(file));
        assertThat(meta.etag()).contains(CommitSha.sha256Hex(file));
        catchThrowableOfType(EntryNotFoundException.class, () -> client.fileMetadata("special/sharded", Optional.empty(), "nope.bin"));

        HubClientStats before = client.stats();
        SafetensorsHeader h = client.readSafetensorsHeader("special/long-header", Optional.empty(), "model.safetensors");
        HubClientStats after = client.stats();
        assertThat(after.requests() - before.requests()).as("long header: two ranged requests").isEqualTo(2);
        assertThat(after.bytesRead() - before.bytesRead()).isEqualTo(h.dataStart());
        assertThat(client.readTensorBytes("special/long-header", Optional.empty(), "model.safetensors", h, "w")).hasSize(4000);

        try (RemoteFile f = client.openFile("org0/model-00000", Optional.empty(), "model.safetensors")) {
            assertThat(f.read(8, 4)).isEqualTo(java.util.Arrays.copyOfRange(tiny, 8, 12));
            assertThat(f.length()).hasValue(tiny.length);
            assertThat(f.commit()).contains(CommitSha.of(root.resolve("org0/model-00000")));
            assertThat(f.read(tiny.length + 10, 4)).isEmpty();
        }
    }

    @Test
    void weightsAreResolvedSingleShardedAndDiffusers() {
        assertThat(client.resolveWeights("org0/model-00000", Optional.empty(), Optional.empty()).layout())
                .isEqualTo(WeightFiles.WeightLayout.SINGLE_FILE);
        WeightFiles sharded = client.resolveWeights("special/sharded", Optional.empty(), Optional.empty());
        assertThat(sharded.files()).containsExactly("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
        assertThat(sharded.totalSize()).hasValue(20);
        for (String shard : sharded.files()) {
            assertThat(client.readSafetensorsHeader("special/sharded", Optional.of(sharded.revision()), shard).tensors()).hasSize(1);
        }
        assertThat(client.resolveWeights("special/diffusion", Optional.empty(), Optional.empty()).files())
                .containsExactly("unet/diffusion_pytorch_model.safetensors");
    }

    @Test
    void retryableFaultsEndInSuccessAfterRetries() {
        server.setFaults(FaultPlan.parse("429:next=2:t=3:on=api"));
        assertThat(client.modelInfo("org0/model-00000", Optional.empty(), false).id()).isEqualTo("org0/model-00000");
        assertThat(time.sleeps()).as("RateLimit r=0;t=3 -> 4 s each").containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4));

        server.setFaults(FaultPlan.parse("500:next=2"));
        assertThat(client.readFile("org0/model-00000", Optional.empty(), "config.json", 1000)).isNotEmpty();
        assertThat(time.sleeps().subList(2, 4)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

        for (String fault : List.of("truncate:next=1", "drop:next=1", "503:next=1:on=resolve")) {
            server.setFaults(FaultPlan.parse(fault));
            assertThat(client.listModels(ListModelsRequest.builder().optLimit(120).optPageSize(60).build()).stream().count()).as(fault).isEqualTo(120);
            assertThat(client.readSafetensorsHeader("org1/model-00008", Optional.empty(), "model.safetensors").tensors()).as(fault).hasSize(1);
        }
    }

    @Test
    void aHangingRequestTimesOutAndIsRetried() {
        server.setFaults(FaultPlan.parse("hang:ms=1500:next=1"));
        HubClient impatient = builder().optNoToken().optRequestTimeout(Duration.ofMillis(300)).build();
        assertThat(impatient.modelInfo("org0/model-00000", Optional.empty(), false).id()).isEqualTo("org0/model-00000");
        assertThat(impatient.stats().retries()).isEqualTo(1);
    }

    @Test
    void persistentFaultsEndInTheirTypedException() {
        server.setFaults(FaultPlan.parse("503:on=resolve"));
        HubServerException s = catchThrowableOfType(HubServerException.class,
                () -> client.readFile("org0/model-00000", Optional.empty(), "config.json", 1000));
        assertThat(s.getMessage()).contains("gave up after 5 attempts");
        assertThat(client.modelInfo("org0/model-00000", Optional.empty(), false)).as("api not affected").isNotNull();

        server.setFaults(FaultPlan.parse("gated:id=special/gated-one,vanish:id=special/vanishing"));
        assertThat(client.modelInfo("special/gated-one", Optional.empty(), false).gated().isGated()).isTrue();
        GatedRepoException g = catchThrowableOfType(GatedRepoException.class,
                () -> client.readSafetensorsHeader("special/gated-one", Optional.empty(), "model.safetensors"));
        assertThat(g.status()).hasValue(401);
        Set<String> listed = new HashSet<>();
        client.listModels(ListModelsRequest.builder().optAuthor("special").build()).forEach(m -> listed.add(m.id()));
        assertThat(listed).contains("special/vanishing");
        catchThrowableOfType(RepositoryNotFoundException.class, () -> client.modelInfo("special/vanishing", Optional.empty(), false));

        HubClient withToken = builder().optToken(TOKEN).build();
        assertThat(withToken.readSafetensorsHeader("special/gated-one", Optional.empty(), "model.safetensors").tensors()).hasSize(1);
        catchThrowableOfType(BadTokenException.class, () -> builder().optToken("hf_wrongToken000000000").build()
                .modelInfo("org0/model-00000", Optional.empty(), false));
    }

    @Test
    void aCountingRateLimiterEndsInRateLimitedWithTheResetTime() {
        server.setFaults(FaultPlan.parse("ratelimit:api=3:window=300"));
        HubClient twoAttempts = builder().optNoToken().optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(2)).build();
        for (int i = 0; i < 3; i++) {
            twoAttempts.modelInfo("org0/model-00000", Optional.empty(), false);
        }
        assertThat(twoAttempts.budgetUsage().bucket(RequestBudget.Bucket.API).serverRemaining()).as("learned from RateLimit").isPresent();
        RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> twoAttempts.modelInfo("org0/model-00000", Optional.empty(), false));
        assertThat(e.resetAt()).isPresent();
        assertThat(e.status()).hasValue(429);
    }

    @Test
    void badRequestsAreTypedAndSmallFilesAreReadWhole() {
        catchThrowableOfType(BadRequestException.class, () -> client.listModels(ListModelsRequest.builder()
                .optStartUrl(URI.create(server.uri() + "/api/models?limit=abc")).build()).iterator().hasNext());
        assertThat(new String(client.readFile("special/sharded", Optional.empty(), "model.safetensors.index.json", 10_000),
                StandardCharsets.UTF_8)).contains("weight_map");
    }
}

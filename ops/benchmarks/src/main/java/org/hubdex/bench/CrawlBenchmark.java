package org.hubdex.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hubdex.hub.ExpandField;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.ListModelsRequest;
import org.hubdex.hub.ModelPage;
import org.hubdex.hub.ModelSort;
import org.hubdex.hub.RequestBudget;
import org.hubdex.localhub.LocalHubServer;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;

/**
 * {@code ops/bench crawl}: what the hub client costs on top of HTTP, against the local hub serving
 * 10,000 small repositories (written to a temporary folder first).
 *
 * <ul>
 *   <li><b>Listing</b>: one full traversal of {@code sort=createdAt} with the crawler's {@code expand}
 *       in pages of 1,000, parsed into {@code ModelInfo} records, against a baseline in the same run:
 *       plain {@code java.net.http} GETs of the same pages, following the same {@code Link} headers,
 *       bodies read and dropped.</li>
 *   <li><b>Live heap</b> after each page of one traversal of 1,000 and of 10,000 models (a full GC at
 *       each page end): the listing is streamed page by page, so it must not grow with the listing's
 *       length.</li>
 *   <li><b>Header reads</b>: validated safetensors headers through ranged reads, against plain GETs
 *       of the same first 100,001 bytes.</li>
 * </ul>
 */
final class CrawlBenchmark {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final ExpandField[] EXPAND = {ExpandField.AUTHOR, ExpandField.SHA, ExpandField.CREATED_AT,
        ExpandField.LAST_MODIFIED, ExpandField.PRIVATE, ExpandField.GATED, ExpandField.DISABLED, ExpandField.DOWNLOADS,
        ExpandField.LIKES, ExpandField.TAGS, ExpandField.PIPELINE_TAG, ExpandField.LIBRARY_NAME, ExpandField.CARD_DATA,
        ExpandField.SIBLINGS, ExpandField.SAFETENSORS};

    private CrawlBenchmark() {
    }

    static String run(int models, Rounds rounds) throws Exception {
        Path root = Files.createTempDirectory("hubdex-bench-hub");
        try {
            long t0 = System.nanoTime();
            writeRepos(root, models);
            long written = System.nanoTime();
            // a small request log: the server shares this JVM, and its log would count as the client's heap
            try (LocalHubServer hub = LocalHubServer.builder().setRoot(root).optPort(0).optSettleTime(Duration.ZERO)
                    .optRequestLogCapacity(16).build()) {
                hub.start();
                long served = System.nanoTime();
                // the local hub has no quota: lift the client's budget (huggingface.co's 500 API calls per 5 minutes)
                HubClient hubClient = HubClient.builder().optEndpoint(hub.uri())
                        .optRequestBudget(RequestBudget.builder().optApiQuota(1_000_000).optResolveQuota(1_000_000).build()).build();
                {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    URI firstPage = ListModelsRequest.builder().optSort(ModelSort.CREATED_AT).addExpand(EXPAND).optPageSize(1000)
                            .build().firstPageUrl(hub.uri());
                    List<String> ids = new ArrayList<>();
                    hubClient.listModels(listing(1000)).stream().limit(300).forEach(m -> ids.add(m.id()));

                    List<String[]> rows = new ArrayList<>();
                    rows.add(new String[] {"operation", "Hubdex client", "plain HTTP", "client/plain"});
                    Measurement[] listing = rounds.measurePair(
                            "listing", 0, () -> hubClient.listModels(listing(1000)).stream().count(),
                            "listing (plain GETs)", 0, () -> plainListing(http, firstPage));
                    rows.add(new String[] {"list " + models + " models: models/s",
                        fmt(models * listing[0].medianOpsPerSecond()), fmt(models * listing[1].medianOpsPerSecond()),
                        ratio(listing[0].medianOpsPerSecond() / listing[1].medianOpsPerSecond())});

                    int[] next = {0};
                    Measurement[] headers = rounds.measurePair(
                            "header", 0, () -> hubClient.readSafetensorsHeader(ids.get(next[0]++ % ids.size()), Optional.empty(),
                                    "model.safetensors"),
                            "header (plain ranged GET)", 0, () -> plainRange(http, hub.uri(), ids.get(next[0]++ % ids.size())));
                    rows.add(new String[] {"safetensors header: models/s", fmt(headers[0].medianOpsPerSecond()),
                        fmt(headers[1].medianOpsPerSecond()),
                        ratio(headers[0].medianOpsPerSecond() / headers[1].medianOpsPerSecond())});

                    long liveSmall = liveHeapPerPage(afterPage -> {
                        for (ModelPage page : hubClient.listModels(ListModelsRequest.builder().optSort(ModelSort.CREATED_AT)
                                .addExpand(EXPAND).optPageSize(100).optLimit(1000).build()).pages()) {
                            afterPage.run();
                        }
                    });
                    long liveAll = liveHeapPerPage(afterPage -> {
                        for (ModelPage page : hubClient.listModels(listing(100)).pages()) {
                            afterPage.run();
                        }
                    });
                    URI firstSmallPage = listing(100).firstPageUrl(hub.uri());
                    long livePlain = liveHeapPerPage(afterPage -> plainListing(http, firstSmallPage, afterPage));
                    rows.add(new String[] {"live heap, 1,000 models (10 pages)", mb(liveSmall), "", ""});
                    rows.add(new String[] {"live heap, " + models + " models (" + models / 100 + " pages)", mb(liveAll),
                        mb(livePlain), ratio((double) liveAll / Math.max(1, livePlain))});
                    return "Local hub with " + models + " repositories (written in " + seconds(written - t0)
                            + " s, scanned and served after " + seconds(served - written) + " s), pages of 1,000, "
                            + rounds.rounds() + " rounds.\n\n" + Table.render(rows)
                            + "\nLive heap: the most heap still in use after a full GC at the end of any page of one traversal"
                            + " (pages of 100), above what was in use before it; the same for 1,000 and " + models
                            + " models means the listing streams (memory flat whatever its length).\n";
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Rounds defaultRounds() {
        return new Rounds(Duration.ofSeconds(3), Duration.ofSeconds(4), 5);
    }

    private static ListModelsRequest listing(int pageSize) {
        return ListModelsRequest.builder().optSort(ModelSort.CREATED_AT).addExpand(EXPAND).optPageSize(pageSize).build();
    }

    private static long plainListing(HttpClient http, URI first) throws IOException, InterruptedException {
        return plainListing(http, first, () -> { });
    }

    private static long plainListing(HttpClient http, URI first, Runnable afterPage) throws IOException, InterruptedException {
        long bytes = 0;
        URI url = first;
        while (url != null) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).header("Accept-Encoding", "identity").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            bytes += r.body().length;
            Optional<String> link = r.headers().firstValue("Link");
            Matcher m = link.map(NEXT::matcher).filter(Matcher::find).orElse(null);
            url = m == null ? null : url.resolve(m.group(1));
            afterPage.run();
        }
        return bytes;
    }

    private static long plainRange(HttpClient http, URI hub, String id) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(hub.resolve("/" + id + "/resolve/main/model.safetensors"))
                .header("Range", "bytes=0-100000").header("Accept-Encoding", "identity").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            return in.readAllBytes().length;
        }
    }

    /** A traversal that calls its argument after each page. */
    @FunctionalInterface
    private interface Traversal {
        void run(Runnable afterPage) throws Exception;
    }

    /** The most heap in use after a full GC at the end of any page, above the heap in use (after a GC) before the traversal. */
    private static long liveHeapPerPage(Traversal traversal) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long[] max = {0};
        traversal.run(() -> {
            System.gc();
            max[0] = Math.max(max[0], memory.getHeapMemoryUsage().getUsed() - before);
        });
        return Math.max(0, max[0]);
    }

    private static void writeRepos(Path root, int models) throws IOException {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        float[] weights = new float[64];
        for (int i = 0; i < models; i++) {
            String id = "author" + (i % 50) + "/model-" + i;
            Path repo = root.resolve(id);
            Files.createDirectories(repo);
            weights[0] = i;
            SafetensorsWriter.create().addTensor("classifier.weight", Dtype.F32, new long[] {8, 8}, weights)
                    .write(repo.resolve("model.safetensors"));
            Files.writeString(repo.resolve("README.md"), "---\nlicense: mit\nbase_model: author0/model-0\ndatasets: fashion_mnist\n"
                    + "tags: [bench]\n---\n# model " + i + "\n");
            Files.writeString(repo.resolve(".hub.json"), "{\"createdAt\":\"" + start.plusSeconds(60L * i) + "\"}");
        }
    }

    private static String fmt(double v) {
        return String.format("%,.0f", v);
    }

    private static String ratio(double v) {
        return String.format("%.2fx", v);
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }
}

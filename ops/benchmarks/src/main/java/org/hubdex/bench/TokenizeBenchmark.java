package org.hubdex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.hubdex.crawler.CrawlPass;
import org.hubdex.crawler.Crawler;
import org.hubdex.crawler.CrawlerSettings;
import org.hubdex.crawler.CrawlerTopics;
import org.hubdex.hub.ExpandField;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.ListModelsRequest;
import org.hubdex.hub.ModelInfo;
import org.hubdex.hub.RequestBudget;
import org.hubdex.jobs.JobEnvironment;
import org.hubdex.jobs.JobOptions;
import org.hubdex.jobs.tokenize.ModelTokenizer;
import org.hubdex.jobs.tokenize.TokenizeJob;
import org.hubdex.jobs.tokenize.TokenizeSettings;
import org.hubdex.localhub.LocalHubServer;
import org.hubdex.schemas.Topic;
import org.hubdex.stack.Component;
import org.hubdex.stack.LocalStack;
import org.hubdex.stack.StackSettings;
import org.hubdex.weightspace.safetensors.ByteRangeSource;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.MappedByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;

/**
 * {@code ops/bench tokenize}: the tokenizer's throughput and the tokenize job's end-to-end rate.
 *
 * <ul>
 *   <li><b>Tokenizer</b>: a whole 128 MiB safetensors file (32 layers of 1024 x 1024 F32, then 2048 x 1024
 *       BF16), memory-mapped, tokenized whole (every value into tokens, positions, per-layer statistics),
 *       against a baseline in the same run: copying the same file bytes out of the same mapping into an
 *       array. The ratio says what the tokenizer costs over merely touching the bytes.</li>
 *   <li><b>Job</b>: the zoo in {@code HUBDEX_BENCH_ZOO} (by default {@code $HUBDEX_HOME/zoo-standard}, the
 *       standard zoo; {@code ops/bench} trains it when missing) served by the local hub, crawled into fresh
 *       topics on the local broker, then the tokenize job run bounded over them: models per second from
 *       start to the last committed record (MiniCluster start included), against one thread fetching and
 *       tokenizing the same models in a loop with the same code and no Flink or Kafka.</li>
 * </ul>
 */
final class TokenizeBenchmark {

    private static final long FILE_BYTES = 128L << 20;

    private TokenizeBenchmark() {
    }

    static String run(Rounds rounds) throws Exception {
        StringBuilder report = new StringBuilder();
        Path dir = Files.createTempDirectory("hubdex-bench-tokenize");
        try {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"128 MiB file, tokenized whole", "tokenizer GB/s", "array copy GB/s", "tokenizer/copy"});
            for (Dtype dtype : List.of(Dtype.F32, Dtype.BF16)) {
                Path file = dir.resolve(dtype + ".safetensors");
                int layers = 32;
                int rowsPerLayer = (int) (FILE_BYTES / layers / 1024 / (dtype.bitSize() / 8));
                writeFile(file, dtype, layers, rowsPerLayer, 1024);
                try (MappedByteRangeSource source = MappedByteRangeSource.open(file)) {
                    SafetensorsHeader header = SafetensorsReader.readHeader(source);
                    long values = (long) layers * rowsPerLayer * 1024;
                    WeightTokenizer tokenizer = new WeightTokenizer(TokenizerConfig.builder()
                            .optMaxTokens((int) (values / 128 + layers)).build());
                    List<WeightFile> files = List.of(new WeightFile(file.toString(), source, header));
                    long bytes = header.dataLength();
                    Measurement[] m = rounds.measurePair(
                            "tokenize " + dtype, bytes, () -> tokenizer.tokenize(files, "bench").tokenCount(),
                            "copy " + dtype, bytes, () -> copy(source, header));
                    rows.add(new String[] {dtype + " (" + values / 1_000_000 + "M values)", gbps(m[0]), gbps(m[1]),
                        ratio(m[0].medianMegabytesPerSecond() / m[1].medianMegabytesPerSecond())});
                }
                Files.delete(file);
            }
            report.append("## Tokenizer\n\n").append(rounds.rounds()).append(" rounds of ").append(rounds.roundTime().toSeconds())
                    .append(" s each, alternating with the baseline; memory-mapped file (page cache warm).\n\n")
                    .append(Table.render(rows)).append('\n');
        } finally {
            deleteTree(dir);
        }
        report.append("## Job\n\n").append(job()).append('\n');
        return report.toString();
    }

    static Rounds defaultRounds() {
        return new Rounds(Duration.ofSeconds(4), Duration.ofSeconds(3), 7);
    }

    private static String job() throws Exception {
        Path zoo = Path.of(Optional.ofNullable(System.getenv("HUBDEX_BENCH_ZOO")).orElse(
                StackSettings.fromEnvironment().home().resolve("zoo-standard").toString()));
        if (!Files.isDirectory(zoo.resolve("hub"))) {
            return "skipped: no zoo at " + zoo + " (set HUBDEX_BENCH_ZOO, or let ops/bench tokenize train the standard one)\n";
        }
        LocalStack stack = new LocalStack(StackSettings.fromEnvironment());
        stack.start(Component.KAFKA);
        String bootstrap = stack.kafkaBootstrap();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String events = "bench.tokenize." + run + ".events";
        String tokens = "bench.tokenize." + run + ".tokens";
        String deadLetters = "bench.tokenize." + run + ".dead-letters";
        String state = "bench.tokenize." + run + ".crawler-state";
        createLike(bootstrap, Topic.MODEL_EVENTS, events);
        createLike(bootstrap, Topic.WEIGHT_TOKENS, tokens);
        createLike(bootstrap, Topic.DEAD_LETTERS, deadLetters);
        createLike(bootstrap, Topic.CRAWLER_STATE, state);
        try (LocalHubServer hub = LocalHubServer.builder().setRoot(zoo.resolve("hub")).optPort(0).optSettleTime(Duration.ZERO)
                .optRequestLogCapacity(16).build()) {
            hub.start();
            HubClient client = HubClient.builder().optEndpoint(hub.uri())
                    .optRequestBudget(RequestBudget.builder().optApiQuota(1_000_000).optResolveQuota(1_000_000).build()).build();
            try (client) {
                List<ModelInfo> models = client.listModels(ListModelsRequest.builder().addExpand(ExpandField.SHA).build())
                        .stream().toList();
                try (Crawler crawler = Crawler.builder().setHubClient(client)
                        .setSettings(CrawlerSettings.fromEnvironment(Map.of(), hub.uri().toString())
                                .withBootstrapServers(bootstrap).withCrawlerId("bench-" + run).withPageSize(500)
                                .withMetricsPort(Optional.empty()))
                        .optTopics(new CrawlerTopics(events, state, deadLetters)).build()) {
                    crawler.start();
                    crawler.backfill(CrawlPass.backfill("all", List.of(), Optional.empty(), Optional.empty()));
                }

                TokenizeSettings settings = TokenizeSettings.fromEnvironment(Map.of("HUBDEX_HUB_URL", hub.uri().toString(),
                        "HUBDEX_KAFKA_BOOTSTRAP", bootstrap)).withTopics(events, tokens, deadLetters)
                        .withGroup("bench-tokenize-" + run).withBounded(true);
                JobOptions options = JobOptions.builder().setJobName("bench-tokenize").build();
                StreamExecutionEnvironment env = JobEnvironment.create(options);
                TokenizeJob.assemble(env, settings);
                long start = System.nanoTime();
                env.execute("bench-tokenize");
                double jobSeconds = (System.nanoTime() - start) / 1e9;

                ModelTokenizer plain = new ModelTokenizer(client, new WeightTokenizer(settings.tokenizerConfig()), Clock.systemUTC());
                long loopStart = System.nanoTime();
                long fetched = 0;
                for (ModelInfo m : models) {
                    fetched += plain.tokenize(m.id(), m.sha().orElseThrow()).bytesFetched();
                }
                double loopSeconds = (System.nanoTime() - loopStart) / 1e9;

                int n = models.size();
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"", "models", "seconds", "models/s", "job/loop"});
                rows.add(new String[] {"tokenize job (bounded, parallelism " + env.getParallelism() + ", 8 at once per task)",
                    String.valueOf(n), String.format("%.1f", jobSeconds), String.format("%.1f", n / jobSeconds),
                    ratio(loopSeconds / jobSeconds)});
                rows.add(new String[] {"one thread, same code, no Flink or Kafka", String.valueOf(n),
                    String.format("%.1f", loopSeconds), String.format("%.1f", n / loopSeconds), "1.00x"});
                return "Zoo " + zoo + ": " + n + " models, " + fetched / 1_000_000 + " MB of headers and tensor data fetched"
                        + " per pass from the local hub; one run each.\n\n" + Table.render(rows);
            }
        }
    }

    private static void createLike(String bootstrap, Topic like, String name) {
        LocalStack.createTopic(bootstrap, name, like.partitions(), like.configs(), Duration.ofSeconds(30));
    }

    private static void writeFile(Path file, Dtype dtype, int layers, int rows, int cols) {
        Random random = new Random(7);
        SafetensorsWriter writer = SafetensorsWriter.create();
        for (int l = 0; l < layers; l++) {
            float[] values = new float[rows * cols];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.02);
            }
            writer.addTensor("layers." + l + ".weight", dtype, new long[] {rows, cols}, values);
        }
        writer.write(file);
    }

    /** The baseline: the file's tensor bytes copied out of the source, in the tokenizer's largest read size. */
    private static long copy(ByteRangeSource source, SafetensorsHeader header) throws IOException {
        long sum = 0;
        int chunk = 32 << 20;
        for (long offset = header.dataStart(); offset < header.fileLength(); offset += chunk) {
            byte[] bytes = source.read(offset, (int) Math.min(chunk, header.fileLength() - offset));
            sum += bytes[bytes.length - 1];
        }
        return sum;
    }

    private static String gbps(Measurement m) {
        return String.format("%.2f", m.medianMegabytesPerSecond() / 1000);
    }

    private static String ratio(double r) {
        return String.format("%.2fx", r);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package org.hubdex.jobs.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.hubdex.crawler.CrawlPass;
import org.hubdex.crawler.Crawler;
import org.hubdex.crawler.CrawlerSettings;
import org.hubdex.crawler.CrawlerTopics;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.ListModelsRequest;
import org.hubdex.hub.ModelInfo;
import org.hubdex.jobs.JobEnvironment;
import org.hubdex.jobs.JobOptions;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.LocalHubServer;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.tokenize.NonFiniteWeightsException;
import org.hubdex.weightspace.tokenize.TokenizedModel;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;
import org.hubdex.schemas.WeightTokensTensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokenize job end to end on the real broker: the tiny zoo served by the local hub, crawled into
 * model events by the real crawler (twice, so that every event is also re-sent), a corrupt checkpoint, a
 * NaN-filled one and a repository without safetensors weights among them, and, after the crawl, one model
 * gated and one deleted on the hub. Every other zoo model must come out
 * as tokens exactly once, identical to tokenizing its file from disk, and each bad one as a dead letter
 * with its reason. Then the job is killed with SIGKILL mid-stream and started again: it restores its last
 * checkpoint, and the committed output has no duplicate and no gap.
 */
@RealKafka
class TokenizeJobIT {
    private static final Logger LOG = LoggerFactory.getLogger(TokenizeJobIT.class);

    private static Path zoo;

    @TempDir
    Path root;

    private LocalHubServer hub;
    private String events;
    private String tokens;
    private String deadLetters;

    @BeforeAll
    static void trainTinyZoo() {
        zoo = TinyZoo.folder();
    }

    @BeforeEach
    void hubAndTopics(KafkaCluster kafka) throws IOException {
        copyTree(zoo.resolve("hub"), root);
        Path donor = firstModelFolder(root);
        Path truncated = copyTree(donor, root.resolve("corrupt-lab/truncated-cnn"));
        truncate(truncated.resolve("model.safetensors"), 256);
        Path nan = copyTree(donor, root.resolve("corrupt-lab/nan-cnn"));
        fillDataWithNaN(nan.resolve("model.safetensors"));
        Path noWeights = Files.createDirectories(root.resolve("corrupt-lab/pickle-only"));
        Files.writeString(noWeights.resolve("config.json"), "{\"architectures\": [\"Cnn\"]}");
        Files.write(noWeights.resolve("pytorch_model.bin"), new byte[64]);

        events = kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic("events"));
        tokens = kafka.createTopicLike(Topic.WEIGHT_TOKENS, kafka.uniqueTopic("tokens"));
        deadLetters = kafka.createTopicLike(Topic.DEAD_LETTERS, kafka.uniqueTopic("dead-letters"));
    }

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void everyZooModelComesOutOnceAndEveryBadOneAsADeadLetter(KafkaCluster kafka) throws Exception {
        startHub(FaultPlan.none());
        crawl(kafka, "first");
        crawl(kafka, "second"); // a fresh crawler id re-sends every event
        // after the crawl, one model is gated and another one deleted on the hub
        List<String> zooIds = servedZooModels().keySet().stream().filter(id -> !id.equals(firstModelId())).sorted().toList();
        String gated = zooIds.get(0);
        String vanished = zooIds.get(1);
        hub.setFaults(FaultPlan.parse("gated:id=" + gated + ",vanish:id=" + vanished));

        StreamExecutionEnvironment env = JobEnvironment.create(JobOptions.builder().setJobName("tokenize-it")
                .optParallelism(2).optCheckpointInterval(Duration.ofMillis(500)).build());
        TokenizeJob.assemble(env, settings(kafka).withBounded(true));
        long started = System.nanoTime();
        env.execute("tokenize-it");
        LOG.info("bounded tokenize run: {} ms", (System.nanoTime() - started) / 1_000_000);

        hub.setFaults(FaultPlan.none());
        Map<String, String> expected = new java.util.HashMap<>(servedZooModels());
        expected.keySet().removeAll(List.of(gated, vanished));
        List<WeightTokens> out = CommittedRecords.read(kafka, tokens, WeightTokens.class);
        List<String> pairs = out.stream().map(t -> t.getModelId() + "@" + t.getSha()).toList();
        assertThat(pairs).as("each (model, sha) once, although every event came twice").doesNotHaveDuplicates();
        assertThat(out.stream().collect(Collectors.toMap(WeightTokens::getModelId, WeightTokens::getSha)))
                .isEqualTo(expected);

        // the record of one model is exactly what tokenizing its file from disk gives
        WeightTokens one = out.stream().filter(t -> t.getModelId().equals(firstModelId())).findFirst().orElseThrow();
        Path file = root.resolve(firstModelId()).resolve("model.safetensors");
        try (FileByteRangeSource source = FileByteRangeSource.open(file)) {
            TokenizedModel local = new WeightTokenizer(settings(kafka).tokenizerConfig()).tokenize(
                    List.of(new WeightFile("model.safetensors", source, SafetensorsReader.readHeader(source))), one.getSha());
            assertThat(WeightTokensTensors.decode(one).values()).containsExactly(local.tokens());
            assertThat(WeightTokensTensors.decode(one).positions()).containsExactly(local.positions());
        }
        assertThat(one.getProbeX()).isNotNull();
        assertThat(one.getWeightFiles()).containsExactly("model.safetensors");

        Map<String, DeadLetter> letters = CommittedRecords.read(kafka, deadLetters, DeadLetter.class).stream()
                .collect(Collectors.toMap(DeadLetter::getModelId, d -> d));
        assertThat(letters).containsOnlyKeys("corrupt-lab/truncated-cnn", "corrupt-lab/nan-cnn", "corrupt-lab/pickle-only",
                gated, vanished);
        assertThat(letters.get(gated).getErrorClass()).isEqualTo(org.hubdex.hub.GatedRepoException.class.getName());
        assertThat(letters.get(vanished).getErrorClass()).isEqualTo(org.hubdex.hub.RepositoryNotFoundException.class.getName());
        assertThat(letters.get("corrupt-lab/truncated-cnn").getErrorClass()).contains("Truncated");
        assertThat(letters.get("corrupt-lab/nan-cnn").getErrorClass()).isEqualTo(NonFiniteWeightsException.class.getName());
        assertThat(letters.get("corrupt-lab/pickle-only").getReason()).contains("no safetensors weights");
        assertThat(letters.values()).allSatisfy(d -> {
            assertThat(d.getStage()).isEqualTo("tokenize");
            assertThat(d.getSha()).isNotBlank();
            assertThat(d.getPayloadRef()).startsWith(events + "/");
        });
    }

    @Test
    void killedMidStreamAndRestartedItRestoresItsCheckpointWithNoDuplicateAndNoGap(KafkaCluster kafka) throws Exception {
        startHub(FaultPlan.parse("slow:ms=400")); // every request slowed (about 1.2 s a model), so that the kill lands mid-stream
        crawl(kafka, "kill");
        Map<String, String> expected = servedZooModels();
        Path checkpoints = root.resolveSibling(root.getFileName() + "-checkpoints");

        Process first = startJobProcess(kafka, checkpoints, "first");
        Process second = null;
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> !first.isAlive()
                    || CommittedRecords.read(kafka, tokens, WeightTokens.class).size() >= 3);
            assertThat(first.isAlive()).as("still running when killed").isTrue();
            first.destroyForcibly().waitFor();
            int beforeKill = CommittedRecords.read(kafka, tokens, WeightTokens.class).size();
            LOG.info("killed the job with {} of {} models committed", beforeKill, expected.size());
            assertThat(beforeKill).isLessThan(expected.size());

            // The restart runs as the service does (unbounded) until the output is complete, then stops.
            second = startJobProcess(kafka, checkpoints, "second");
            await().atMost(Duration.ofMinutes(3)).until(() -> CommittedRecords.read(kafka, tokens, WeightTokens.class).size()
                    >= expected.size());
            assertThat(Files.readString(logOf("second"))).contains("Restoring the tokenize job from checkpoint");
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroyForcibly().waitFor();
            }
        }

        List<String> pairs = CommittedRecords.read(kafka, tokens, WeightTokens.class).stream()
                .map(t -> t.getModelId() + "@" + t.getSha()).toList();
        assertThat(pairs).as("no duplicate").doesNotHaveDuplicates();
        Set<String> want = expected.entrySet().stream().map(e -> e.getKey() + "@" + e.getValue()).collect(Collectors.toSet());
        assertThat(new HashSet<>(pairs)).as("no gap").isEqualTo(want);
    }

    private Process startJobProcess(KafkaCluster kafka, Path checkpoints, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                TokenizeCli.class.getName(), "--bootstrap", kafka.bootstrapServers(), "--hub", hub.uri().toString(),
                "--events-topic", events, "--tokens-topic", tokens, "--dead-letter-topic", deadLetters,
                "--group", "tokenize-kill-" + root.getFileName(), "--concurrency", "1", "--parallelism", "1",
                "--checkpoint-dir", checkpoints.toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logOf(name).toFile());
        builder.environment().put("HUBDEX_FLINK_CHECKPOINT_INTERVAL", "300ms");
        return builder.start();
    }

    private Path logOf(String name) {
        return root.resolveSibling(root.getFileName() + "-tokenize-" + name + ".log");
    }

    private TokenizeSettings settings(KafkaCluster kafka) {
        return TokenizeSettings.fromEnvironment(Map.of()).withBootstrapServers(kafka.bootstrapServers())
                .withHubEndpoint(hub.uri().toString()).withTopics(events, tokens, deadLetters)
                .withGroup("tokenize-it-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private void crawl(KafkaCluster kafka, String crawlerId) {
        try (HubClient client = HubClient.builder().optEndpoint(hub.uri()).build();
                Crawler crawler = Crawler.builder().setHubClient(client)
                        .setSettings(CrawlerSettings.fromEnvironment(Map.of(), hub.uri().toString())
                                .withBootstrapServers(kafka.bootstrapServers()).withCrawlerId(crawlerId + "-" + events)
                                .withMetricsPort(Optional.empty()))
                        .optTopics(new CrawlerTopics(events, kafka.createTopicLike(Topic.CRAWLER_STATE,
                                kafka.uniqueTopic("crawler-state")), deadLetters))
                        .build()) {
            crawler.start();
            assertThat(crawler.backfill(CrawlPass.backfill("all", List.of(), Optional.empty(), Optional.empty())).completed())
                    .isTrue();
        }
        assertThat(CommittedRecords.read(kafka, events, ModelEvent.class)).isNotEmpty();
    }

    /** Model id to sha of every zoo model the hub serves (the corrupt-lab ones left out). */
    private Map<String, String> servedZooModels() {
        try (HubClient client = HubClient.builder().optEndpoint(hub.uri()).build()) {
            return client.listModels(ListModelsRequest.builder().addExpand(org.hubdex.hub.ExpandField.SHA).build()).stream()
                    .filter(m -> !m.id().startsWith("corrupt-lab/"))
                    .collect(Collectors.toMap(ModelInfo::id, m -> m.sha().orElseThrow()));
        }
    }

    private String firstModelId() {
        Path first = firstModelFolder(root);
        return root.relativize(first).toString().replace('\\', '/');
    }

    private void startHub(FaultPlan faults) {
        hub = LocalHubServer.builder().setRoot(root).optPort(0).optFaults(faults)
                .optSettleTime(Duration.ofMillis(50)).optRescanInterval(Duration.ofMillis(200)).build();
        hub.start();
        long repos = countRepos(root);
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.modelCount() == repos);
    }

    private static long countRepos(Path root) {
        try (Stream<Path> authors = Files.list(root)) {
            return authors.filter(Files::isDirectory).mapToLong(a -> {
                try (Stream<Path> names = Files.list(a)) {
                    return names.filter(Files::isDirectory).count();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first (in name order) zoo repository folder holding a model.safetensors. */
    private static Path firstModelFolder(Path root) {
        try (Stream<Path> walk = Files.walk(root, 3)) {
            return walk.filter(p -> p.getFileName().toString().equals("model.safetensors"))
                    .filter(p -> !p.toString().contains("corrupt-lab"))
                    .map(Path::getParent).min(Comparator.naturalOrder()).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith(".tmp")) {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void truncate(Path file, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }

    /** Overwrites every tensor byte with 0xFF: F32 NaNs (header and length unchanged). */
    private static void fillDataWithNaN(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        java.util.Arrays.fill(bytes, (int) (8 + headerLength), bytes.length, (byte) 0xFF);
        Files.write(file, bytes);
    }
}

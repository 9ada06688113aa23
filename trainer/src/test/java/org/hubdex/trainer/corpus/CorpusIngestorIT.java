package org.hubdex.trainer.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.crawler.CrawlPass;
import org.hubdex.crawler.Crawler;
import org.hubdex.crawler.CrawlerSettings;
import org.hubdex.crawler.CrawlerTopics;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.RetryPolicy;
import org.hubdex.localhub.CommitSha;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.LocalHubServer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.hubdex.weightrecords.DecodedTokens;
import org.hubdex.weightrecords.WeightTokensEncoder;
import org.hubdex.weightspace.safetensors.FileByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;
import org.hubdex.zoo.Manifest;
import org.hubdex.zoo.ManifestEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The corpus ingestor on the real broker, with the local hub serving the tiny zoo: model events written by the real
 * crawler, tokens records produced with the real serializers (the tokenizer run on each repository's file, as the
 * tokenize job does), some before their events, some twice, some of models whose event never comes, and malformed
 * ones. The zoo's manifest is the oracle here, and only here: the corpus must reach the same class names from what
 * the hub serves.
 */
@RealKafka
class CorpusIngestorIT {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusIngestorIT.class);
    private static final AvroCodec<WeightTokens> TOKENS = AvroCodec.of(WeightTokens.class);

    private static Path zoo;

    @TempDir
    Path root;
    @TempDir
    Path work;

    private LocalHubServer hub;
    private String events;
    private String tokens;
    private String deadLetters;
    private Map<String, ManifestEntry> truth;

    @BeforeAll
    static void tinyZoo() {
        zoo = TinyZoo.folder();
    }

    @BeforeEach
    void hubFolderAndTopics(KafkaCluster kafka) throws IOException {
        copyTree(zoo.resolve("hub"), root);
        events = kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic("events"));
        tokens = kafka.createTopicLike(Topic.WEIGHT_TOKENS, kafka.uniqueTopic("tokens"));
        deadLetters = kafka.createTopicLike(Topic.DEAD_LETTERS, kafka.uniqueTopic("dead-letters"));
        truth = Manifest.read(zoo.resolve(Manifest.FILE_NAME)).stream().filter(e -> e.commit() == 1)
                .collect(Collectors.toMap(ManifestEntry::id, e -> e));
    }

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void killedAndRestartedEveryRevisionIsStoredOnceWithItsClassNames(KafkaCluster kafka) throws Exception {
        List<String> models = repositories(root);
        assertThat(models).hasSize(truth.size()).hasSizeGreaterThan(20);
        // three models the crawler never sees: their tokens come without an event
        List<String> eventless = models.subList(models.size() - 3, models.size());
        Path aside = Files.createDirectories(work.resolve("aside"));
        for (String id : eventless) {
            Files.createDirectories(aside.resolve(id).getParent());
            Files.move(root.resolve(id), aside.resolve(id));
        }
        startHub();
        long seed = System.nanoTime();
        LOG.info("seed {}", seed);
        SplittableRandom random = new SplittableRandom(seed);
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            List<String> early = models.subList(0, 5);
            for (String id : early) {
                send(producer, tokens, id, tokenBytes(id)); // tokens before their event
            }
            producer.flush();
            crawl(kafka);
            for (String id : eventless) {
                Files.move(aside.resolve(id), root.resolve(id));
            }
            hub.rescan();
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.modelCount() == models.size());
            for (String id : models.subList(5, models.size())) {
                send(producer, tokens, id, tokenBytes(id));
                if (random.nextInt(5) == 0) {
                    send(producer, tokens, id, tokenBytes(id)); // sent twice
                }
            }
            for (String id : early.subList(0, 2)) {
                send(producer, tokens, id, tokenBytes(id));
            }
            // what cannot be stored
            send(producer, tokens, "bad/garbage", "not an avro record".getBytes(StandardCharsets.UTF_8));
            send(producer, tokens, "bad/tombstone", null);
            WeightTokens wrongShape = TestRecords.record("bad/shape", TestRecords.sha(7), 7);
            wrongShape.setMask(ByteBuffer.allocate(5));
            send(producer, tokens, "bad/shape", TOKENS.encode(tokens, wrongShape));
            send(producer, tokens, "ghost/model", TestRecords.bytes("ghost/model", TestRecords.sha(8), 8)); // not on the hub
        }

        // every request slowed, one model at a time, so that the kill lands mid-way
        hub.setFaults(FaultPlan.parse("slow:ms=120"));
        Path corpus = work.resolve("corpus");
        String group = "corpus-it-" + UUID.randomUUID().toString().substring(0, 8);
        Process first = startIngestor(kafka, corpus, group, "first", false);
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !first.isAlive() || storedSoFar(corpus) >= 6);
            assertThat(first.isAlive()).as("still running when killed").isTrue();
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no commit
        } finally {
            first.destroyForcibly();
        }
        int beforeKill = storedSoFar(corpus);
        LOG.info("killed the ingestor with {} of {} models stored", beforeKill, models.size());
        assertThat(beforeKill).isLessThan(models.size());

        hub.setFaults(FaultPlan.none());
        Process second = startIngestor(kafka, corpus, group, "second", true);
        try {
            assertThat(second.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).as("--once ends at the end of the topics").isTrue();
            assertThat(second.exitValue()).isZero();
        } finally {
            second.destroyForcibly();
        }
        String secondLog = Files.readString(logOf("second"));
        secondLog.lines().filter(l -> l.contains("corpus ingest") || l.contains("unfinished") || l.contains("corpus: ")).forEach(l -> LOG.info("second: {}", l));
        assertThat(secondLog).contains("entries stored").contains("lag ");

        try (CorpusStore store = CorpusStore.open(corpus)) {
            assertThat(store.storedCount()).as("exactly one entry per (model, sha)").isEqualTo(models.size());
            assertThat(store.count()).isEqualTo(models.size());
            List<String> indexed = Files.readAllLines(corpus.resolve("index.jsonl"));
            assertThat(indexed).hasSize(models.size());
            try (Stream<Path> dirs = Files.walk(corpus.resolve("entries"), 3)) {
                assertThat(dirs.filter(p -> corpus.resolve("entries").relativize(p).getNameCount() == 3)).hasSize(models.size());
            }
            for (String id : models) {
                String sha = CommitSha.of(root.resolve(id));
                CorpusEntry entry = store.entry(id, sha).orElseThrow(() -> new AssertionError(id + "@" + sha + " not stored"));
                ModelFacts facts = entry.facts();
                ManifestEntry expected = truth.get(id);
                assertThat(expected.sha()).isEqualTo(sha);
                assertThat(facts.classNames()).as(id + " (" + expected.cardStyle() + ")")
                        .isEqualTo(expected.cardStyle().namesLabels() ? expected.classNames() : List.of());
                assertThat(facts.documented().hasCard()).as(id).isEqualTo(expected.cardStyle() != org.hubdex.zoo.CardStyle.NO_CARD);
                assertThat(facts.documented().hasBaseModel()).as(id).isEqualTo(expected.parent().isPresent()
                        && (expected.cardStyle() == org.hubdex.zoo.CardStyle.DOCUMENTED || expected.cardStyle() == org.hubdex.zoo.CardStyle.VAGUE));
                expected.parent().filter(p -> facts.documented().hasBaseModel()).ifPresent(p -> assertThat(facts.baseModels()).containsExactly(p));
                assertThat(facts.lastModified()).as(id).isPresent();
                assertThat(facts.source().kind()).isEqualTo(ModelFacts.SourceKind.KAFKA);
                assertThat(facts.source().ref()).startsWith(tokens + "/");
                if (eventless.contains(id)) {
                    assertThat(facts.source().metadata()).as(id).isEqualTo(ModelFacts.MetadataOrigin.HUB_MODEL_INFO);
                }
                assertThat(entry.decodedTokens().tokens().values()).as(id).containsExactly(tokenizedFromDisk(id).tokens().values());
            }
        }

        Map<String, DeadLetter> letters = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(kafka, deadLetters)) {
            DeadLetter d = AvroCodec.of(DeadLetter.class).decode(deadLetters, r.value());
            assertThat(letters.put(d.getKey(), d)).as("one dead letter per bad record, across the kill").isNull();
        }
        assertThat(letters).containsOnlyKeys("bad/garbage", "bad/tombstone", "bad/shape", "ghost/model");
        assertThat(letters.get("bad/garbage").getErrorClass()).endsWith("InvalidHeaderException");
        assertThat(letters.get("bad/shape").getReason()).contains("field mask has 5 bytes");
        assertThat(letters.get("ghost/model").getErrorClass()).isEqualTo(org.hubdex.hub.RepositoryNotFoundException.class.getName());
        assertThat(letters.get("ghost/model").getSha()).isEqualTo(TestRecords.sha(8));
        assertThat(letters.values()).allSatisfy(d -> {
            assertThat(d.getStage()).isEqualTo("trainer-corpus");
            assertThat(d.getPayloadRef()).startsWith(tokens + "/");
        });

        // the group's committed offsets are at the end of both topics (past the crawler's transaction markers too)
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(events, tokens)) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            assertThat(latest).hasSize(12);
            for (TopicPartition tp : latest.keySet()) {
                long committedOffset = committed.containsKey(tp) ? committed.get(tp).offset() : 0L;
                assertThat(committedOffset).as("committed offset of " + tp).isEqualTo(ends.get(tp).offset());
            }
        }
    }

    @Test
    void afterHubErrorsTheZooFolderPathGivesTheKafkaPathsEntries(KafkaCluster kafka) throws Exception {
        List<String> models = repositories(root);
        startHub();
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            crawl(kafka);
            for (String id : models) {
                send(producer, tokens, id, tokenBytes(id));
            }
        }
        CorpusSettings settings = CorpusSettings.fromEnvironment(Map.of()).withTopics(events, tokens, deadLetters)
                .with(CorpusSettings.Key.BOOTSTRAP, kafka.bootstrapServers())
                .with(CorpusSettings.Key.GROUP, "corpus-zoo-" + UUID.randomUUID().toString().substring(0, 8))
                .with(CorpusSettings.Key.PROGRESS_INTERVAL, "1s");
        // the hub fails its first file reads with 503, and the client does not retry: the ingestor must wait and read again
        hub.setFaults(FaultPlan.parse("503:next=6:on=resolve"));
        try (CorpusStore kafkaCorpus = CorpusStore.open(work.resolve("from-kafka"));
                HubClient client = HubClient.builder().optEndpoint(hub.uri()).optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(1)).build();
                CorpusIngestor ingestor = CorpusIngestor.builder().setSettings(settings).setStore(kafkaCorpus).setHubClient(client).build();
                CorpusStore zooCorpus = CorpusStore.open(work.resolve("from-zoo"))) {
            IngestStats stats = ingestor.catchUp();
            assertThat(stats.stored()).isEqualTo(models.size());
            assertThat(stats.deadLettered()).as("a 503 is no reason to give up on a model").isZero();
            assertThat(stats.hubRetries()).isPositive();

            ZooFolderCorpus.Result built = new ZooFolderCorpus(zooCorpus, settings, TokenizerConfig.DEFAULT, java.time.Clock.systemUTC())
                    .build(zoo);
            assertThat(built.stored()).isEqualTo(models.size());
            assertThat(built.failed()).isEmpty();

            Map<String, CorpusEntry> fromZoo = zooCorpus.entries().collect(Collectors.toMap(e -> e.modelId() + "@" + e.sha(), e -> e));
            assertThat(kafkaCorpus.entries().map(e -> e.modelId() + "@" + e.sha()).collect(Collectors.toSet()))
                    .isEqualTo(fromZoo.keySet());
            for (CorpusEntry k : kafkaCorpus.entries().toList()) {
                CorpusEntry z = fromZoo.get(k.modelId() + "@" + k.sha());
                assertThat(comparable(z.facts())).as(k.modelId()).isEqualTo(comparable(k.facts()));
                DecodedTokens kt = k.decodedTokens();
                DecodedTokens zt = z.decodedTokens();
                assertThat(zt.tokens().values()).as(k.modelId()).containsExactly(kt.tokens().values());
                assertThat(zt.tokens().positions()).containsExactly(kt.tokens().positions());
                assertThat(zt.layers()).isEqualTo(kt.layers());
                assertThat(zt.probeX().map(p -> p.values())).hasValueSatisfying(v -> assertThat(v)
                        .containsExactly(kt.probeX().orElseThrow().values()));
            }
        }
    }

    /** Facts without what differs by construction: provenance and storing time. */
    private static ModelFacts comparable(ModelFacts f) {
        return new ModelFacts(f.modelId(), f.sha(), f.author(), f.createdAt(), f.lastModified(), f.tags(), f.pipelineTag(), f.libraryName(),
                f.baseModels(), f.datasets(), f.license(), f.classNames(), f.cardText(), f.documented(),
                new ModelFacts.Source(ModelFacts.SourceKind.KAFKA, "-", ModelFacts.MetadataOrigin.MODEL_EVENT), Instant.EPOCH);
    }

    private int storedSoFar(Path corpus) {
        if (!Files.exists(corpus.resolve("index.jsonl"))) {
            return 0;
        }
        try (CorpusStore store = CorpusStore.openReadOnly(corpus)) {
            return store.storedCount();
        }
    }

    private Process startIngestor(KafkaCluster kafka, Path corpus, String group, String name, boolean once) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                CorpusCli.class.getName(), "ingest", "--dir", corpus.toString(), "--bootstrap", kafka.bootstrapServers(),
                "--hub", hub.uri().toString(), "--group", group, "--concurrency", "1",
                "--events-topic", events, "--tokens-topic", tokens, "--dead-letter-topic", deadLetters));
        if (once) {
            cmd.add("--once");
        }
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logOf(name).toFile());
        builder.environment().put("HUBDEX_CORPUS_PROGRESS_INTERVAL", "1s");
        builder.environment().put("HUBDEX_HUB_API_QUOTA", "100000");
        builder.environment().put("HUBDEX_HUB_RESOLVE_QUOTA", "100000");
        return builder.start();
    }

    private Path logOf(String name) {
        return work.resolve("ingestor-" + name + ".log");
    }

    private void startHub() {
        hub = LocalHubServer.builder().setRoot(root).optPort(0).optSettleTime(Duration.ofMillis(50))
                .optRescanInterval(Duration.ofMillis(200)).build();
        hub.start();
        long repos = repositories(root).size();
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.modelCount() == repos);
    }

    private void crawl(KafkaCluster kafka) {
        try (HubClient client = HubClient.builder().optEndpoint(hub.uri()).build();
                Crawler crawler = Crawler.builder().setHubClient(client)
                        .setSettings(CrawlerSettings.fromEnvironment(Map.of(), hub.uri().toString())
                                .withBootstrapServers(kafka.bootstrapServers()).withCrawlerId("corpus-" + events)
                                .withMetricsPort(Optional.empty()))
                        .optTopics(new CrawlerTopics(events, kafka.createTopicLike(Topic.CRAWLER_STATE,
                                kafka.uniqueTopic("crawler-state")), deadLetters))
                        .build()) {
            crawler.start();
            assertThat(crawler.backfill(CrawlPass.backfill("all", List.of(), Optional.empty(), Optional.empty())).completed()).isTrue();
        }
    }

    /** The tokens record of a zoo repository, as the tokenize job would write it, single-object encoded. */
    private byte[] tokenBytes(String id) throws IOException {
        String sha = CommitSha.of(root.resolve(id));
        return TOKENS.encode(tokens, WeightTokensEncoder.encode(id, sha, List.of("model.safetensors"), tokenizedFromDiskModel(id, sha),
                Instant.now()));
    }

    private org.hubdex.weightspace.tokenize.TokenizedModel tokenizedFromDiskModel(String id, String sha) throws IOException {
        try (FileByteRangeSource source = FileByteRangeSource.open(root.resolve(id).resolve("model.safetensors"))) {
            return new WeightTokenizer(TokenizerConfig.DEFAULT).tokenize(
                    List.of(new WeightFile("model.safetensors", source, SafetensorsReader.readHeader(source))), sha);
        }
    }

    private DecodedTokens tokenizedFromDisk(String id) throws IOException {
        String sha = CommitSha.of(root.resolve(id));
        return org.hubdex.weightrecords.WeightTokensDecoder.decode(
                WeightTokensEncoder.encode(id, sha, List.of("model.safetensors"), tokenizedFromDiskModel(id, sha), Instant.now()));
    }

    private static KafkaProducer<String, byte[]> producer(KafkaCluster kafka) {
        Map<String, Object> props = new HashMap<>(kafka.producerProperties());
        props.put("max.request.size", 16 << 20);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce " + key + " to " + topic, e);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaCluster kafka, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumerProperties("read-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** {@code author/name} of every repository folder under {@code hubRoot}, sorted. */
    private static List<String> repositories(Path hubRoot) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> authors = Files.list(hubRoot)) {
            for (Path a : authors.filter(Files::isDirectory).toList()) {
                try (Stream<Path> names = Files.list(a)) {
                    names.filter(Files::isDirectory).forEach(n -> out.add(a.getFileName() + "/" + n.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
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
    }
}

package org.hubdex.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.RetryPolicy;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.LocalHubServer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawler against the real broker and the local hub server: a live stream of new models and
 * commits, a hub that answers 429 and 5xx, and a crawler process killed with SIGKILL mid-crawl. In
 * every case each (model, sha) appears in the committed events exactly once.
 */
@RealKafka
class CrawlerIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrawlerIT.class);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path root;

    private LocalHubServer hub;
    private CrawlerTopics topics;

    @BeforeEach
    void topics(KafkaCluster kafka) {
        topics = new CrawlerTopics(
                kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic("events")),
                kafka.createTopicLike(Topic.CRAWLER_STATE, kafka.uniqueTopic("crawler-state")),
                kafka.createTopicLike(Topic.DEAD_LETTERS, kafka.uniqueTopic("dead-letters")));
    }

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void modelsAddedWhileItRunsAppearOncePerSha(KafkaCluster kafka) throws Exception {
        for (int i = 0; i < 12; i++) {
            TestRepos.write(root, "fashion-lab/m" + i, 1, T0.plusSeconds(60L * i));
        }
        startHub(FaultPlan.none());
        Crawler crawler = crawler(kafka, "live", settings(kafka, "live").withInterval(Duration.ofMillis(300)));
        Thread polling = new Thread(crawler::poll, "poll");
        polling.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(kafka).size() == 12);

            for (int i = 12; i < 16; i++) {
                TestRepos.write(root, "new-user/n" + i, 1, null); // createdAt: when the hub first sees it
            }
            TestRepos.write(root, "fashion-lab/m3", 2, T0.plusSeconds(180)); // new commits of two models
            TestRepos.write(root, "fashion-lab/m7", 2, T0.plusSeconds(420));
            hub.rescan();
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(kafka).size() == 18);

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + crawler.metricsPort().orElseThrow() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("hubdex_crawler_events_created_total 16", "hubdex_crawler_events_updated_total 2",
                    "hubdex_crawler_hub_api_requests_window_used");
        } finally {
            crawler.close();
            polling.join(10_000);
        }

        // a restarted crawler restores its state and emits nothing new
        try (Crawler again = crawler(kafka, "live", settings(kafka, "live"))) {
            assertThat(again.runPass(CrawlPass.poll("createdAt"), 100).emitted()).isZero();
            assertThat(again.runPass(CrawlPass.poll("lastModified"), 100).emitted()).isZero();
        }
        List<ModelEvent> events = committed(kafka);
        assertOncePerSha(events, 18);
        assertThat(events.stream().filter(e -> e.getKind() == ModelEventKind.UPDATED).map(ModelEvent::getModelId))
                .containsExactlyInAnyOrder("fashion-lab/m3", "fashion-lab/m7");
        ModelEvent first = events.stream().filter(e -> e.getModelId().equals("fashion-lab/m0")).findFirst().orElseThrow();
        assertThat(first.getCardData().getBaseModels()).containsExactly("fashion-lab/base");
        assertThat(first.getTags()).contains("base_model:fashion-lab/base", "license:mit", "dataset:fashion_mnist");
        assertThat(first.getParameterTotal()).isEqualTo(24L);
        assertThat(first.getCreatedAt()).isEqualTo(T0);
    }

    @Test
    void aRateLimitStormAndServerErrorsSlowItDownButLoseNothing(KafkaCluster kafka) {
        for (int i = 0; i < 30; i++) {
            TestRepos.write(root, "org" + (i % 3) + "/model-" + i, 1, T0.plusSeconds(i));
        }
        // a storm longer than the client's retries (a failed page), then scattered 429s and 5xx; one gated model
        startHub(FaultPlan.parse("429:next=4:t=0:on=api,429:every=9:t=0:on=api,500:every=7:on=api,503:every=11:on=api,"
                + "gated:id=org1/model-4"));
        HubClient client = HubClient.builder().optEndpoint(hub.uri())
                .optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(3).withDelays(Duration.ofMillis(20), Duration.ofMillis(100))
                        .withMaxServerDelay(Duration.ofSeconds(1)))
                .build();
        try (client; Crawler crawler = Crawler.builder().setHubClient(client).setSettings(settings(kafka, "storm")).optTopics(topics).build()) {
            crawler.start();
            PassResult result = crawler.backfill(CrawlPass.backfill("all", List.of(), Optional.empty(), Optional.empty()));
            assertThat(result.completed()).isTrue();
            assertThat(crawler.metrics().pageFailures()).as("the first storm outlasts 3 attempts").isPositive();
        }
        List<ModelEvent> events = committed(kafka);
        assertOncePerSha(events, 30);
        ModelEvent gated = events.stream().filter(e -> e.getModelId().equals("org1/model-4")).findFirst().orElseThrow();
        assertThat(gated.getKind()).isEqualTo(ModelEventKind.UNAVAILABLE);
        assertThat(gated.getUnavailableReason()).startsWith("gated");
    }

    @Test
    void aCrawlerKilledMidCrawlLosesAndDuplicatesNothing(KafkaCluster kafka) throws Exception {
        int models = 40;
        for (int i = 0; i < models; i++) {
            TestRepos.write(root, "kill/model-" + i, 1, T0.plusSeconds(i));
        }
        startHub(FaultPlan.parse("slow:ms=120:on=api"));
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        LOG.info("kill test seed {}", seed);
        int kills = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            Process crawler = startCrawlerProcess(kafka, "backfill");
            boolean exited = crawler.waitFor(1500 + random.nextInt(2500), TimeUnit.MILLISECONDS);
            if (!exited) {
                crawler.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no abort, no close
                kills++;
            }
        }
        Process last = startCrawlerProcess(kafka, "backfill");
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).isZero();
        LOG.info("killed {} crawler processes; uncommitted records seen by read_uncommitted: {}", kills,
                CommittedEvents.read(kafka.bootstrapServers(), topics.events(), "read_uncommitted").size()
                        - committed(kafka).size());
        assertThat(kills).isPositive();
        assertOncePerSha(committed(kafka), models);
    }

    @Test
    void anOpenTransactionLeftByAKilledCrawlerIsAbortedAndItsPageRedone(KafkaCluster kafka) {
        for (int i = 0; i < 6; i++) {
            TestRepos.write(root, "zombie/model-" + i, 1, T0.plusSeconds(i));
        }
        startHub(FaultPlan.none());
        // what a crawler killed between sending a page and committing it leaves: an open transaction
        // under the crawler's transactional id holding events and state
        Map<String, Object> props = new java.util.HashMap<>(kafka.producerProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hubdex-crawler-zombie");
        KafkaProducer<String, byte[]> zombie = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        zombie.initTransactions();
        zombie.beginTransaction();
        AvroCodec<ModelEvent> codec = AvroCodec.of(ModelEvent.class);
        for (int i = 0; i < 3; i++) {
            ModelEvent half = ModelEvent.newBuilder().setKind(ModelEventKind.CREATED).setModelId("zombie/model-" + i).setSha("x")
                    .setHubUrl(hub.uri().toString()).setObservedAt(T0).build();
            zombie.send(new ProducerRecord<>(topics.events(), half.getModelId(), codec.encode(topics.events(), half)));
        }
        zombie.flush(); // on the broker, not committed; the zombie is never closed, as after SIGKILL

        try (Crawler crawler = crawler(kafka, "zombie", settings(kafka, "zombie"))) {
            assertThat(crawler.runPass(CrawlPass.poll("createdAt"), 100).completed()).isTrue();
        }
        assertOncePerSha(committed(kafka), 6);
        assertThat(committed(kafka)).noneMatch(e -> "x".equals(e.getSha()));
        assertThat(CommittedEvents.read(kafka.bootstrapServers(), topics.events(), "read_uncommitted"))
                .as("the aborted records are in the log, hidden from read_committed readers").hasSize(9);
    }

    private Process startCrawlerProcess(KafkaCluster kafka, String command) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                CrawlerCli.class.getName(), command, "--hub", hub.uri().toString(), "--bootstrap", kafka.bootstrapServers(),
                "--id", "kill", "--page-size", "3", "--metrics-port", "off", "--name", "all",
                "--events-topic", topics.events(), "--state-topic", topics.state(), "--dead-letter-topic", topics.deadLetters()));
        Path log = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "crawler-process", ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void startHub(FaultPlan faults) {
        hub = LocalHubServer.builder().setRoot(root).optPort(0).optFaults(faults)
                .optSettleTime(Duration.ofMillis(50)).optRescanInterval(Duration.ofMillis(200)).build();
        hub.start();
        // a folder written just now is served once it has been quiet for the settle time
        long repos = countRepos();
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.modelCount() == repos);
    }

    private long countRepos() {
        try (var authors = Files.list(root)) {
            return authors.filter(Files::isDirectory).mapToLong(a -> {
                try (var names = Files.list(a)) {
                    return names.filter(Files::isDirectory).count();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Crawler crawler(KafkaCluster kafka, String id, CrawlerSettings settings) {
        Crawler crawler = Crawler.builder().setHubClient(HubClient.builder().optEndpoint(hub.uri()).build())
                .setSettings(settings).optTopics(topics).build();
        crawler.start();
        return crawler;
    }

    private CrawlerSettings settings(KafkaCluster kafka, String id) {
        return CrawlerSettings.fromEnvironment(Map.of(), hub.uri().toString())
                .withBootstrapServers(kafka.bootstrapServers()).withCrawlerId(id).withPageSize(5)
                .withMetricsPort(Optional.of(0));
    }

    private List<ModelEvent> committed(KafkaCluster kafka) {
        return CommittedEvents.read(kafka.bootstrapServers(), topics.events());
    }

    private static void assertOncePerSha(List<ModelEvent> events, int expected) {
        Map<String, Long> perSha = events.stream().collect(Collectors.groupingBy(e -> e.getModelId() + "@" + e.getSha(),
                Collectors.counting()));
        assertThat(perSha.values()).as("records per (model, sha)").allMatch(n -> n == 1);
        assertThat(perSha).hasSize(expected);
        assertThat(events).hasSize(expected);
    }

}

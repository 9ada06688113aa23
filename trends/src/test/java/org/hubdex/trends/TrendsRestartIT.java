package org.hubdex.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.trends.internal.EventTimes;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once on the real broker: the application runs as its own JVM and is killed with SIGKILL twice while
 * events stream in (no shutdown hook, no commit, no close), then restarted on the same state directory. Its
 * committed hub.trends counts equal those of an uninterrupted run over the same events, and the unreadable record
 * becomes exactly one dead letter in each run.
 */
@RealKafka
class TrendsRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(TrendsRestartIT.class);
    private static final Pattern PROCESSED = Pattern.compile("hubdex_trends_events_processed_total (\\d+)");

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidStreamAndRestartedCommitsTheCountsOfAnUninterruptedRun(KafkaCluster kafka) throws Exception {
        long seed = Long.getLong("hubdex.test.seed", System.nanoTime());
        LOG.info("TrendsRestartIT seed {} (rerun with -Dhubdex.test.seed={})", seed, seed);
        List<ModelEvent> events = EventStream.generate(seed, 1500, Events.T0, Duration.ofDays(3));
        TrendsTopics killed = TrendTopics.create(kafka, "killed");
        TrendsTopics uninterrupted = new TrendsTopics(killed.events(), kafka.createTopicLike(org.hubdex.schemas.Topic.TRENDS,
                kafka.uniqueTopic("uninterrupted-trends")), kafka.createTopicLike(org.hubdex.schemas.Topic.DEAD_LETTERS,
                kafka.uniqueTopic("uninterrupted-dead-letters")));

        Thread producer = new Thread(() -> produce(kafka, killed.events(), events), "events-producer");
        producer.start();
        int port = freePort();
        String appId = "it-killed-" + seed;
        SplittableRandom random = new SplittableRandom(seed);
        int kills = 0;
        for (double share : new double[] {0.2, 0.55}) {
            Process app = startProcess(kafka, killed, appId, port);
            long threshold = (long) (share * events.size());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !app.isAlive() || processed(port) >= threshold);
            assertThat(app.isAlive()).as("the application process is running (see its log under %s)", dir).isTrue();
            Thread.sleep(random.nextInt(300));
            app.destroyForcibly().waitFor(); // SIGKILL
            kills++;
            LOG.info("killed the application after about {} of {} events", threshold, events.size());
        }
        Process last = startProcess(kafka, killed, appId, port);
        producer.join();

        long expectedNew = events.stream().filter(e -> EventTimes.creation(e).isPresent()).map(ModelEvent::getModelId).distinct().count();
        try (TrendsApp app = TrendsApp.start(settings(kafka, "it-uninterrupted-" + seed, dir.resolve("uninterrupted"), 0), uninterrupted)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> newModelsCounted(kafka, uninterrupted) == expectedNew);
        }
        Map<String, Long> expected = TrendTopics.finalCounts(kafka.bootstrapServers(), uninterrupted.trends());
        LOG.info("uninterrupted run: {} non-zero window counts; killed {} times", expected.size(), kills);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TrendTopics.finalCounts(kafka.bootstrapServers(), killed.trends()).equals(expected));
        } finally {
            last.destroy();
            last.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(TrendTopics.finalCounts(kafka.bootstrapServers(), killed.trends())).isEqualTo(expected);
        assertThat(expected).containsKey("activity=new@3600000@" + Events.T0.minus(Duration.ofHours(1)));

        for (TrendsTopics t : List.of(killed, uninterrupted)) {
            List<DeadLetter> letters = TrendTopics.committed(kafka.bootstrapServers(), t.deadLetters(), AvroCodec.of(DeadLetter.class));
            assertThat(letters).as("dead letters in %s", t.deadLetters()).singleElement().satisfies(l -> {
                assertThat(l.getKey()).isEqualTo("garbage/record");
                assertThat(l.getStage()).isEqualTo("trends");
                assertThat(l.getErrorClass()).contains("InvalidHeaderException");
            });
        }
    }

    private static long newModelsCounted(KafkaCluster kafka, TrendsTopics topics) {
        return TrendTopics.finalCounts(kafka.bootstrapServers(), topics.trends()).entrySet().stream()
                .filter(e -> e.getKey().startsWith("activity=new@3600000@")).mapToLong(Map.Entry::getValue).sum();
    }

    private static void produce(KafkaCluster kafka, String topic, List<ModelEvent> events) {
        AvroCodec<ModelEvent> codec = AvroCodec.of(ModelEvent.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "garbage/record", "not an Avro record".getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < events.size(); i++) {
                ModelEvent e = events.get(i);
                producer.send(new ProducerRecord<>(topic, e.getModelId(), codec.encode(topic, e)));
                if (i % 50 == 49) {
                    producer.flush();
                    Thread.sleep(100); // about 500 events a second: the kills land mid-stream
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TrendsSettings settings(KafkaCluster kafka, String appId, Path stateDir, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("HUBDEX_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("HUBDEX_TRENDS_APPLICATION_ID", appId);
        env.put("HUBDEX_TRENDS_STATE_DIR", stateDir.toString());
        env.put("HUBDEX_TRENDS_PORT", String.valueOf(port));
        env.put("HUBDEX_TRENDS_ROCKSDB_MB", "16");
        return TrendsSettings.fromEnvironment(env);
    }

    private Process startProcess(KafkaCluster kafka, TrendsTopics topics, String appId, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), TrendsCli.class.getName(),
                "--bootstrap", kafka.bootstrapServers(), "--application-id", appId, "--state-dir", dir.resolve("killed").toString(),
                "--port", String.valueOf(port), "--events-topic", topics.events(), "--trends-topic", topics.trends(),
                "--dead-letter-topic", topics.deadLetters()));
        Path log = Files.createTempFile(dir, "trends-process", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HUBDEX_TRENDS_ROCKSDB_MB", "16");
        pb.environment().put("HUBDEX_TRENDS_SESSION_TIMEOUT", "6s"); // the killed instance leaves the group quickly
        return pb.start();
    }

    private static long processed(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = PROCESSED.matcher(r.body());
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (Exception e) {
            return 0; // not listening yet
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

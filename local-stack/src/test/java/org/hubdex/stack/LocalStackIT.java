package org.hubdex.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real stack end to end, in a temporary home under {@code target/} on free ports: up, status,
 * the topic catalogue, a record through Kafka, a filtered kNN query in Elasticsearch, an idempotent
 * second up, down (no process of ours left) and a fast failure on a port taken by someone else.
 * The methods run in order and share one stack; {@link #cleanUp()} resets it whatever happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private LocalStack stack;
    private final List<Long> pids = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void settings() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        home = Files.createTempDirectory(target, "it-stack-");
        StackSettings s = StackSettings.fromEnvironment(Map.of(), StackSettings.repositoryRoot())
                .withHome(home)
                .withFreePorts();
        stack = new LocalStack(s);
        System.out.println("LocalStackIT settings:\n" + s.describe());
    }

    @AfterAll
    void cleanUp() {
        if (stack != null) {
            stack.reset();
        }
    }

    @Test
    @Order(1)
    void upStartsEverythingHealthy() {
        long t0 = System.nanoTime();
        LocalStack.UpReport report = stack.up();
        System.out.printf("up took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(report.components()).hasSize(2).allSatisfy(c -> {
            assertThat(c.alreadyRunning()).isFalse();
            assertThat(c.status().health()).isEqualTo(Health.HEALTHY);
            assertThat(c.status().pid()).isPresent();
        });
        assertThat(report.topics().created()).hasSize(Topic.values().length);
        for (ComponentStatus c : stack.status()) {
            assertThat(c.health()).as(c.toLine()).isEqualTo(Health.HEALTHY);
            pids.add(c.pid().getAsLong());
        }
        // every JVM and launcher we started, for the down check
        ProcessHandle.allProcesses().filter(this::mentionsOurStack).forEach(p -> pids.add(p.pid()));
        assertThat(pids).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(2)
    void everyCatalogueTopicExistsWithItsConfigs() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            Set<String> names = Set.of(Topic.values()).stream().map(Topic::topicName).collect(Collectors.toSet());
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (Topic t : Topic.values()) {
                assertThat(described.get(t.topicName()).partitions()).as(t.topicName()).hasSize(t.partitions());
                Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.topicName()));
                t.configs().forEach((k, v) -> assertThat(c.get(k).value()).as(t.topicName() + " " + k).isEqualTo(v));
            }
            Config embeddings = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topic.MODEL_EMBEDDINGS.topicName()));
            assertThat(embeddings.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    @Order(3)
    void aRecordGoesThroughTheBroker() {
        String key = "google/vit-base-patch16-224";
        String value = "event-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topic.MODEL_EVENTS.topicName(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.MODEL_EVENTS.topicName()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            ConsumerRecord<String, String> found = null;
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (value.equals(r.value())) {
                        found = r;
                    }
                }
            }
            assertThat(found).as("record read back").isNotNull();
            assertThat(found.key()).isEqualTo(key);
        }
    }

    @Test
    @Order(4)
    void filteredKnnSearchFindsTheNearestAllowedVectors() throws Exception {
        String index = "it-models";
        HttpResponse<String> created = send("PUT", "/" + index, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                 "mappings": {"properties": {
                   "embedding": {"type": "dense_vector", "dims": 4, "index": true, "similarity": "cosine",
                                 "index_options": {"type": "int8_hnsw"}},
                   "library": {"type": "keyword"}}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        StringBuilder bulk = new StringBuilder();
        String[][] docs = {
            {"a", "[1.0, 0.0, 0.0, 0.0]", "transformers"},
            {"b", "[0.9, 0.1, 0.0, 0.0]", "timm"},
            {"c", "[0.8, 0.2, 0.0, 0.0]", "transformers"},
            {"d", "[0.0, 1.0, 0.0, 0.0]", "transformers"},
            {"e", "[0.0, 0.0, 1.0, 0.0]", "diffusers"},
        };
        for (String[] d : docs) {
            bulk.append("{\"index\":{\"_id\":\"").append(d[0]).append("\"}}\n")
                    .append("{\"embedding\":").append(d[1]).append(",\"library\":\"").append(d[2]).append("\"}\n");
        }
        HttpResponse<String> indexed = send("POST", "/" + index + "/_bulk?refresh=true", bulk.toString(), "application/x-ndjson");
        assertThat(indexed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(indexed.body()).path("errors").asBoolean()).as(indexed.body()).isFalse();

        HttpResponse<String> found = send("POST", "/" + index + "/_search", """
                {"knn": {"field": "embedding", "query_vector": [1.0, 0.05, 0.0, 0.0], "k": 2, "num_candidates": 10,
                         "filter": {"term": {"library": "transformers"}}},
                 "_source": ["library"]}""");
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode hit : JSON.readTree(found.body()).path("hits").path("hits")) {
            ids.add(hit.path("_id").asText());
            assertThat(hit.path("_source").path("library").asText()).isEqualTo("transformers");
        }
        // b is closer than c but filtered out
        assertThat(ids).containsExactly("a", "c");
    }

    @Test
    @Order(5)
    void upAgainLeavesTheRunningStackAlone() {
        long t0 = System.nanoTime();
        LocalStack.UpReport again = new LocalStack(stack.settings()).up();
        assertThat(again.components()).allSatisfy(c -> {
            assertThat(c.alreadyRunning()).isTrue();
            assertThat(c.status().healthy()).isTrue();
        });
        assertThat(again.topics().created()).isEmpty();
        assertThat(again.topics().differences()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    @Order(6)
    void downLeavesNoProcessOfOurs() {
        stack.down();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid " + pid).isEmpty();
        }
        assertThat(ProcessHandle.allProcesses().filter(this::mentionsOurStack).map(ProcessHandle::pid).toList()).isEmpty();
        assertThat(stack.status()).allSatisfy(c -> assertThat(c.health()).isEqualTo(Health.STOPPED));
        assertThat(home.resolve("kafka/data/meta.properties")).as("data kept").exists();
    }

    @Test
    @Order(7)
    void upFailsFastOnAPortTakenBySomeoneElse() throws IOException {
        try (ServerSocket foreign = new ServerSocket(stack.settings().kafkaPort())) {
            long t0 = System.nanoTime();
            assertThatThrownBy(stack::up)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Port " + foreign.getLocalPort())
                    .hasMessageContaining("HUBDEX_KAFKA_PORT");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(stack.status()).allSatisfy(c -> assertThat(c.health()).isEqualTo(Health.STOPPED));
    }

    private boolean mentionsOurStack(ProcessHandle p) {
        if (p.pid() == ProcessHandle.current().pid()) {
            return false;
        }
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            String cmd = new String(raw, StandardCharsets.UTF_8);
            return cmd.contains(home.toString()) || cmd.contains(home.resolve("elasticsearch").toRealPath().toString());
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(stack.elasticsearchUri() + path))
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }
}

package org.hubdex.indexer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elasticsearch.client.RestClient;
import org.hubdex.schemas.AvroSerializer;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.testing.ElasticsearchHandle;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealElasticsearch;
import org.hubdex.testing.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The indexer on the real broker and the real Elasticsearch: records in, documents found by kNN and BM25; an older
 * revision after a newer one changes nothing; Elasticsearch unreachable (a {@link FlakyProxy} cut in front of it)
 * leaves offsets uncommitted, then the indexer catches up losing nothing; blue/green builds swap the alias only to
 * complete indices.
 */
@RealKafka
@RealElasticsearch
class IndexerIT {

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private KafkaCluster kafka;
    private ElasticsearchHandle es;
    private ElasticsearchClient client;
    private String events;
    private String embeddings;
    private KafkaProducer<String, ModelEvent> eventProducer;
    private KafkaProducer<String, ModelEmbedding> embeddingProducer;

    @BeforeEach
    void setUp(KafkaCluster kafka, ElasticsearchHandle es) {
        this.kafka = kafka;
        this.es = es;
        client = client(es.host(), es.port());
        events = kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic("hub.model-events"));
        embeddings = kafka.createTopicLike(Topic.MODEL_EMBEDDINGS, kafka.uniqueTopic("hub.model-embeddings"));
        eventProducer = new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), new AvroSerializer<>(ModelEvent.class));
        embeddingProducer = new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), new AvroSerializer<>(ModelEmbedding.class));
        closeables.add(eventProducer);
        closeables.add(embeddingProducer);
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private ElasticsearchClient client(String host, int port) {
        RestClient rest = RestClient.builder(new HttpHost(host, port, "http")).build();
        closeables.add(rest);
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }

    private IndexerSettings settings(String alias, int esPort, int keep) {
        Map<String, String> env = new HashMap<>();
        env.put("HUBDEX_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("HUBDEX_ES_URL", "http://" + es.host() + ":" + esPort);
        env.put("HUBDEX_INDEXER_GROUP", "it-indexer-" + alias);
        env.put("HUBDEX_INDEXER_EVENTS_TOPIC", events);
        env.put("HUBDEX_INDEXER_EMBEDDINGS_TOPIC", embeddings);
        env.put("HUBDEX_INDEXER_ALIAS", alias);
        env.put("HUBDEX_INDEXER_KEEP_INDICES", String.valueOf(keep));
        env.put("HUBDEX_INDEXER_RETRY_BASE", "100ms");
        env.put("HUBDEX_INDEXER_RETRY_MAX", "1s");
        return IndexerSettings.fromEnvironment(env);
    }

    private IndexerService start(IndexerSettings s, ElasticsearchClient c) {
        IndexerService service = new IndexerService(s, new ElasticsearchSink(c, s.layout(), s.backoff(), DeadLetters.logging()));
        Thread t = new Thread(service::run, "it-indexer");
        t.start();
        closeables.add(() -> {
            service.close();
            t.join(10_000);
        });
        return service;
    }

    private void send(ModelEvent e) throws Exception {
        eventProducer.send(new ProducerRecord<>(events, e.getModelId(), e)).get();
    }

    private void send(ModelEmbedding m) throws Exception {
        embeddingProducer.send(new ProducerRecord<>(embeddings, m.getModelId(), m)).get();
    }

    private static final String[] IDS = {"acme/shoe-net", "acme/digit-net", "zoo/cat-dog", "zoo/text-tagger"};
    private static final String[] TAGS = {"footwear", "digits", "animals", "ner"};

    private void sendModels(String version, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            send(Records.event(IDS[i], "sha-" + i, 10_000_000L + i, "image-classification", TAGS[i]));
            send(Records.embedding(IDS[i], "sha-" + i, version, 8, Records.oneHot(i * 10), TAGS[i]));
        }
    }

    private long count(String indexOrAlias, boolean withEmbedding) throws IOException {
        client.indices().refresh(r -> r.index(indexOrAlias));
        return client.count(c -> c.index(indexOrAlias).query(q -> withEmbedding ? q.exists(x -> x.field("modelVersion")) : q.matchAll(m -> m)))
                .count();
    }

    private boolean aliasHas(String alias, int docs) {
        try {
            return client.indices().existsAlias(a -> a.name(alias)).value() && count(alias, true) == docs;
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> knn(String alias, int hot) throws IOException {
        float[] q = Records.oneHot(hot);
        List<Float> v = new ArrayList<>();
        for (float f : q) {
            v.add(f);
        }
        SearchResponse<ModelDocument> r = client.search(s -> s.index(alias).knn(k -> k.field("text").queryVector(v).k(2).numCandidates(10)).size(2),
                ModelDocument.class);
        return r.hits().hits().stream().map(Hit::id).toList();
    }

    private Optional<ModelDocument> get(String alias, String id) throws IOException {
        return client.search(s -> s.index(alias).query(q -> q.ids(i -> i.values(id))), ModelDocument.class).hits().hits().stream()
                .map(Hit::source).findFirst();
    }

    @Test
    void recordsBecomeSearchableByKnnAndBm25AndAnOlderRevisionDoesNotOverwrite() throws Exception {
        long t0 = System.nanoTime();
        String alias = es.uniqueIndexName("models");
        sendModels("2026-11-25T12-00-00Z", 0, 3);
        IndexerService service = start(settings(alias, es.port(), 2), client);
        await().atMost(Duration.ofSeconds(60)).until(() -> aliasHas(alias, 3));
        System.out.printf("IndexerIT: 3 models searchable %d ms after start%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(knn(alias, 10).get(0)).isEqualTo("acme/digit-net");
        assertThat(knn(alias, 20).get(0)).isEqualTo("zoo/cat-dog");
        SearchResponse<ModelDocument> bm25 = client.search(s -> s.index(alias).query(q -> q.match(m -> m.field("cardText").query("footwear"))),
                ModelDocument.class);
        assertThat(bm25.hits().hits()).extracting(Hit::id).containsExactly("acme/shoe-net");
        ModelDocument shoe = get(alias, "acme/shoe-net").orElseThrow();
        assertThat(shoe.categories()).containsExactly("footwear", "other");
        assertThat(shoe.sha()).isEqualTo("sha-0");
        assertThat(shoe.text()).hasSize(384);

        // a newer revision, then an older one arriving late: the newer stays
        send(Records.event(IDS[0], "sha-new", 20_000_000L, "image-classification", "footwear", "boots"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "sha-new".equals(get(alias, IDS[0]).map(ModelDocument::sha).orElse(null)));
        long before = service.totals().conflicts();
        send(Records.event(IDS[0], "sha-old", 15_000_000L, "image-classification", "footwear"));
        await().atMost(Duration.ofSeconds(30)).until(() -> service.totals().conflicts() > before);
        client.indices().refresh(r -> r.index(alias));
        ModelDocument after = get(alias, IDS[0]).orElseThrow();
        assertThat(after.sha()).isEqualTo("sha-new");
        assertThat(after.tags()).contains("boots");
        assertThat(after.embeddingSha()).as("the previous revision's embedding stays until the new one arrives").isEqualTo("sha-0");
    }

    @Test
    void elasticsearchUnreachableCommitsNothingThenTheIndexerCatchesUpLosingNothing() throws Exception {
        String alias = es.uniqueIndexName("models");
        try (FlakyProxy proxy = new FlakyProxy(es.host(), es.port())) {
            IndexerSettings s = settings(alias, proxy.port(), 2);
            sendModels("2026-11-25T12-00-00Z", 0, 2);
            IndexerService service = start(s, client(es.host(), proxy.port()));
            await().atMost(Duration.ofSeconds(60)).until(() -> aliasHas(alias, 2) && !service.building());
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(s.groupId(), events) == 2 && committed(s.groupId(), embeddings) == 2);

            proxy.down();
            long t0 = System.nanoTime();
            sendModels("2026-11-25T12-00-00Z", 2, 4);
            // -Dhubdex.it.outageSeconds=60 for the full minute; 5 s keeps the suite short
            Thread.sleep(Long.getLong("hubdex.it.outageSeconds", 5) * 1000);
            assertThat(committed(s.groupId(), events)).as("nothing committed while Elasticsearch is unreachable").isEqualTo(2);
            assertThat(committed(s.groupId(), embeddings)).isEqualTo(2);
            assertThat(count(alias, false)).isEqualTo(2);

            proxy.up();
            await().atMost(Duration.ofSeconds(60)).until(() -> aliasHas(alias, 4));
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(s.groupId(), events) == 4 && committed(s.groupId(), embeddings) == 4);
            System.out.printf("IndexerIT: caught up %d ms after the outage began (%d s down)%n", (System.nanoTime() - t0) / 1_000_000,
                    Long.getLong("hubdex.it.outageSeconds", 5));
            assertThat(knn(alias, 30).get(0)).isEqualTo("zoo/text-tagger");
        }
    }

    @Test
    void aDocumentElasticsearchRefusesIsDeadLetteredAndTheRestIsIndexedAndCommitted() throws Exception {
        String alias = es.uniqueIndexName("models");
        String deadTopic = kafka.createTopicLike(Topic.DEAD_LETTERS, kafka.uniqueTopic("hub.dead-letters"));
        IndexerSettings s = settings(alias, es.port(), 2).with(IndexerSettings.Key.BACKBONE_DIMS, "8")
                .with(IndexerSettings.Key.DEAD_LETTER_TOPIC, deadTopic);
        sendModels("2026-11-25T12-00-00Z", 0, 2);
        // 4 backbone dims where the index has 8: a mapping error, not retryable
        send(Records.embedding("bad/dims", "sha-x", "2026-11-25T12-00-00Z", 4, Records.oneHot(5), "x"));
        IndexerService service = new IndexerService(s, new ElasticsearchSink(client, s.layout(), s.backoff(),
                IndexerService.kafkaDeadLetters(s, closeables)));
        Thread t = new Thread(service::run, "it-indexer");
        t.start();
        closeables.add(() -> {
            service.close();
            t.join(10_000);
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> aliasHas(alias, 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(s.groupId(), embeddings) == 3);
        Map<String, Object> c = kafka.consumerProperties("it-dead-" + alias);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(c, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.hubdex.schemas.AvroDeserializer<>(org.hubdex.schemas.avro.DeadLetter.class))) {
            consumer.subscribe(List.of(deadTopic));
            List<org.hubdex.schemas.avro.DeadLetter> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                return !got.isEmpty();
            });
            assertThat(got.get(0).getModelId()).isEqualTo("bad/dims");
            assertThat(got.get(0).getStage()).isEqualTo("indexer");
            assertThat(got.get(0).getSourceTopic()).isEqualTo(embeddings);
            assertThat(got.get(0).getReason()).startsWith("400");
        }
        assertThat(service.totals().deadLettered()).isEqualTo(1);
    }

    /** The group's committed offsets summed over the topic's partitions (records of that topic consumed). */
    private long committed(String group, String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return m.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    @Test
    void blueGreenBuildSwapsTheAliasOnlyToACompleteIndex() throws Exception {
        String alias = es.uniqueIndexName("models");
        IndexerSettings s = settings(alias, es.port(), 1);
        ElasticsearchSink sink = new ElasticsearchSink(client, s.layout(), s.backoff(), DeadLetters.logging());
        sendModels("2026-11-25T12-00-00Z", 0, 4);
        IndexBuilder.Result a = new IndexBuilder(s, sink).build("2026-11-25T12-00-00Z");
        assertThat(a.swapped()).isTrue();
        assertThat(count(alias, true)).isEqualTo(4);
        String indexA = s.layout().aliasTarget(client).orElseThrow();

        for (int i = 0; i < 4; i++) {
            send(Records.embedding(IDS[i], "sha-" + i, "2026-11-26T12-00-00Z", 8, Records.oneHot(i * 10 + 1), TAGS[i]));
        }
        // watch the alias during the build: every sample sees one complete index
        AtomicBoolean watching = new AtomicBoolean(true);
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try {
                    String target = s.layout().aliasTarget(client).orElse("none");
                    long n = client.count(c -> c.index(alias).query(q -> q.exists(x -> x.field("modelVersion")))).count();
                    samples.add(target + "=" + n);
                } catch (IOException e) {
                    samples.add("error " + e);
                }
            }
        });
        watcher.start();
        IndexBuilder.Result b = new IndexBuilder(s, sink).build("2026-11-26T12-00-00Z");
        watching.set(false);
        watcher.join();

        assertThat(b.swapped()).isTrue();
        assertThat(b.sink().written()).isGreaterThanOrEqualTo(4);
        assertThat(s.layout().aliasTarget(client)).hasValue(b.index());
        assertThat(b.deleted()).containsExactly(indexA);
        assertThat(samples).isNotEmpty().allSatisfy(x -> assertThat(x).matches("(" + indexA + "|" + b.index() + ")=4"));
        assertThat(get(alias, IDS[1]).orElseThrow().modelVersion()).isEqualTo("2026-11-26T12-00-00Z");
        assertThat(get(alias, IDS[1]).orElseThrow().tags()).as("metadata from the events").containsExactly(TAGS[1]);
        // an older build never takes the alias back
        IndexBuilder.Result again = new IndexBuilder(s, sink).build("2026-11-25T12-00-00Z");
        assertThat(again.swapped()).isFalse();
        assertThat(s.layout().aliasTarget(client)).hasValue(b.index());
    }
}

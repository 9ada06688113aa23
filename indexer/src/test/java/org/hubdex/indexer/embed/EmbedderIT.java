package org.hubdex.indexer.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.RoutingMethod;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.hubdex.trainer.control.ControlAnnouncer;
import org.hubdex.trainer.corpus.CorpusEntry;
import org.hubdex.trainer.corpus.CorpusSettings;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.corpus.ZooFolderCorpus;
import org.hubdex.trainer.gate.MetricRule;
import org.hubdex.trainer.gate.QualityGate;
import org.hubdex.trainer.registry.ModelRegistry;
import org.hubdex.trainer.registry.VersionManifest;
import org.hubdex.trainer.schedule.TrainingOutcome;
import org.hubdex.trainer.training.TrainOnce;
import org.hubdex.trainer.training.TrainingConfig;
import org.hubdex.weightspace.backbone.BackboneConfig;
import org.hubdex.weightspace.probex.ProbeXConfig;
import org.hubdex.weightspace.text.MiniLmTextEncoder;
import org.hubdex.weightspace.text.TextEncoder;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedder on the real broker with a real small model set trained on the tiny zoo and published in a temporary
 * registry: it embeds every model once, survives a crash mid-transaction without a duplicate or a loss in the
 * committed output, dead-letters an undecodable record, and on a second announced version swaps and backfills.
 */
@RealKafka
class EmbedderIT {

    private static final Duration WAIT = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    @Test
    void exactlyOnceAcrossACrashThenHotSwapAndBackfill(KafkaCluster kafka) throws Exception {
        String tokens = kafka.createTopicLike(Topic.WEIGHT_TOKENS, kafka.uniqueTopic("hub.weight-tokens"));
        String events = kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic("hub.model-events"));
        String embeddings = kafka.createTopicLike(Topic.MODEL_EMBEDDINGS, kafka.uniqueTopic("hub.model-embeddings"));
        String dead = kafka.createTopicLike(Topic.DEAD_LETTERS, kafka.uniqueTopic("hub.dead-letters"));
        String control = kafka.createTopicLike(Topic.CONTROL, kafka.uniqueTopic("hub.control"));

        // a real model set of the tiny zoo, published and announced
        CorpusStore corpus = CorpusStore.open(tmp.resolve("corpus"));
        new ZooFolderCorpus(corpus, CorpusSettings.fromEnvironment(Map.of()), TokenizerConfig.DEFAULT, Clock.systemUTC())
                .build(TinyZooModelSet.folder());
        ModelRegistry registry = ModelRegistry.open(tmp.resolve("registry"));
        String v1;
        try (TextEncoder encoder = MiniLmTextEncoder.load();
                ControlAnnouncer announcer = new ControlAnnouncer(kafka.bootstrapServers(), control, Duration.ofSeconds(30), Clock.systemUTC())) {
            TrainOnce once = new TrainOnce(corpus, registry, new QualityGate(MetricRule.parseList("router.accuracy:higher:1.0")),
                    smallConfig(), encoder, announcer::published, tmp.resolve("reports"), Clock.systemUTC());
            TrainingOutcome first = once.run();
            assertThat(first.published()).as(first.reason()).isTrue();
            v1 = first.version();
        }

        // the corpus's tokens records, as the tokenize job wrote them, plus one that cannot be decoded and one of
        // another tokenizer version
        // and the model events with the cards' base models (for card routing), as the crawler writes them
        Set<String> expected = new HashSet<>();
        Set<String> withCardBase = new HashSet<>();
        AvroCodec<ModelEvent> eventCodec = AvroCodec.of(ModelEvent.class);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), new ByteArraySerializer());
                Stream<CorpusEntry> entries = corpus.entries()) {
            for (CorpusEntry e : (Iterable<CorpusEntry>) entries::iterator) {
                ModelEvent event = ModelEvent.newBuilder().setKind(ModelEventKind.CREATED).setModelId(e.modelId()).setSha(e.sha())
                        .setHubUrl("http://127.0.0.1:8900").setObservedAt(Instant.now())
                        .setCardData(CardData.newBuilder().setBaseModels(e.facts().baseModels()).build()).build();
                p.send(new ProducerRecord<>(events, e.modelId(), eventCodec.encode(events, event)));
                if (!e.facts().baseModels().isEmpty()) {
                    withCardBase.add(e.modelId());
                }
                p.send(new ProducerRecord<>(tokens, e.modelId(), e.tokenRecordBytes()));
                expected.add(e.modelId() + "@" + e.sha());
            }
            p.send(new ProducerRecord<>(tokens, "broken/model", new byte[] {1, 2, 3})).get();
            try (Stream<CorpusEntry> more = corpus.entries()) {
                WeightTokens other = WeightTokens.newBuilder(more.findFirst().orElseThrow().tokenRecord())
                        .setModelId("mismatch/model").setTokenizerVersion("other-v9").build();
                p.send(new ProducerRecord<>(tokens, "mismatch/model", AvroCodec.of(WeightTokens.class).encode(tokens, other))).get();
            }
        }
        corpus.close();
        System.out.println("EmbedderIT: " + expected.size() + " model revisions produced to " + tokens);

        EmbedderSettings settings = EmbedderSettings.fromEnvironment(Map.of(
                "HUBDEX_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "HUBDEX_EMBEDDER_TOKENS_TOPIC", tokens,
                "HUBDEX_EMBEDDER_EVENTS_TOPIC", events,
                "HUBDEX_EMBEDDER_EMBEDDINGS_TOPIC", embeddings,
                "HUBDEX_EMBEDDER_DEAD_LETTERS_TOPIC", dead,
                "HUBDEX_EMBEDDER_CONTROL_TOPIC", control,
                "HUBDEX_EMBEDDER_GROUP_ID", kafka.uniqueTopic("embedder-group"),
                "HUBDEX_EMBEDDER_TRANSACTIONAL_ID", kafka.uniqueTopic("embedder-tx"),
                "HUBDEX_EMBEDDER_BATCH_SIZE", "4",
                "HUBDEX_EMBEDDER_LOG_INTERVAL", "2s"));

        // first run: a few committed batches, then a batch sent but never committed, and every client gone
        Embedder first = new Embedder(settings.with(EmbedderSettings.Key.BACKFILL_RATE, "100"), Clock.systemUTC());
        until(() -> {
            first.step();
            return first.embeddedCount() >= 8;
        }, "the first run embeds two batches");
        first.stepThenCrash();

        // restart with the same transactional id: the open transaction is aborted, the batch embedded again
        long t0 = System.nanoTime();
        try (Embedder second = new Embedder(settings.with(EmbedderSettings.Key.BACKFILL_RATE, "100"), Clock.systemUTC())) {
            until(() -> {
                second.step();
                return committed(kafka, embeddings, v1).size() >= expected.size();
            }, "every model has an embedding of " + v1);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("EmbedderIT: restart embedded %d models in %.1fs (%.1f models/s, batch 4, 2 threads, CPU)%n",
                    second.embeddedCount(), seconds, second.embeddedCount() / seconds);
            assertThat(exactlyOnce(kafka, embeddings, v1)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(readAll(kafka, embeddings, "read_uncommitted").size())
                    .as("the crashed run's batch is in the log, aborted").isGreaterThan(expected.size());
            assertThat(withCardBase).isNotEmpty();
            assertThat(routings(kafka, embeddings, v1)).as("models whose card names a base model are routed by it")
                    .contains(RoutingMethod.CARD_BASE_MODEL);
            List<DeadLetter> letters = deadLetters(kafka, dead);
            assertThat(letters).extracting(DeadLetter::getKey).containsExactlyInAnyOrder("broken/model", "mismatch/model");
            assertThat(letters).allMatch(l -> l.getStage().equals("embed") && l.getSourceOffset() != null);
            assertThat(letters).filteredOn(l -> l.getKey().equals("mismatch/model")).singleElement()
                    .satisfies(l -> assertThat(l.getErrorClass()).isEqualTo(TokenizerMismatchException.class.getName()))
                    .satisfies(l -> assertThat(l.getReason()).contains("other-v9", "dense-v1"));

            // a second version (the same files, a new id) announced: swap, then a backfill with it for every model
            String v2 = v1 + "-1";
            Path staged = tmp.resolve("staged-v2");
            copyWithoutManifest(registry.path(v1), staged);
            VersionManifest m1 = registry.manifest(v1);
            registry.publish(v2, staged, new VersionManifest(v2, Instant.now(), m1.components(), m1.configuration(),
                    m1.trainingData(), m1.metrics(), Optional.of(v1)));
            try (ControlAnnouncer announcer = new ControlAnnouncer(kafka.bootstrapServers(), control, Duration.ofSeconds(30), Clock.systemUTC())) {
                announcer.published(registry, v2);
            }
            second.setBackfillRateForTest(5);
            long t1 = System.nanoTime();
            until(() -> {
                second.step();
                return second.servingVersion().equals(Optional.of(v2)) && !second.backfilling();
            }, "the embedder swaps to " + v2 + " and finishes its backfill");
            double backfillSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("EmbedderIT: backfill of %s (%d records) took %.1fs at most 5 models/s%n", v2, expected.size() + 2,
                    backfillSeconds);
            assertThat(backfillSeconds).as("throttled to 5 models/s (a first batch of 4 allowed at once)")
                    .isGreaterThan((expected.size() + 2 - 4) / 5.0);
            assertThat(exactlyOnce(kafka, embeddings, v2)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(exactlyOnce(kafka, embeddings, v1)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(deadLetters(kafka, dead)).as("the backfill dead-letters the two bad records again, with the new version")
                    .hasSize(4);
        }
    }

    static TrainingConfig smallConfig() {
        TrainingConfig defaults = TrainingConfig.defaults();
        return new TrainingConfig(
                BackboneConfig.builder().optDModel(32).optHeads(2).optLatentDim(16).optWindowTokens(32).optHaloTokens(4)
                        .optMaxSteps(12).optMaxSeconds(0).optEvalEvery(6).optBatchSize(8).build(),
                ProbeXConfig.defaults().withRanks(8, 8, 16).withEpochs(15), defaults.router(), defaults.split(), 2, 1);
    }

    private static void until(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within %s: %s", WAIT, what).isLessThan(deadline);
        }
    }

    /** Every committed embedding of {@code version} as model@sha, asserting none appears twice. */
    private static Set<String> exactlyOnce(KafkaCluster kafka, String topic, String version) {
        List<String> all = committed(kafka, topic, version);
        Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("(model, sha, %s) written more than once", version).isEmpty();
        return counts.keySet();
    }

    private static List<String> committed(KafkaCluster kafka, String topic, String version) {
        AvroCodec<ModelEmbedding> codec = AvroCodec.of(ModelEmbedding.class);
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(kafka, topic)) {
            ModelEmbedding e = codec.decode(topic, r.value());
            assertThat(r.key()).isEqualTo(e.getModelId());
            assertThat(e.getBackbone()).isNotEmpty();
            if (e.getModelVersion().equals(version)) {
                out.add(e.getModelId() + "@" + e.getSha());
            }
        }
        return out;
    }

    private static Set<RoutingMethod> routings(KafkaCluster kafka, String topic, String version) {
        AvroCodec<ModelEmbedding> codec = AvroCodec.of(ModelEmbedding.class);
        return readAll(kafka, topic).stream().map(r -> codec.decode(topic, r.value()))
                .filter(e -> e.getModelVersion().equals(version)).map(e -> e.getRouting().getMethod()).collect(Collectors.toSet());
    }

    private static List<DeadLetter> deadLetters(KafkaCluster kafka, String topic) {
        AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
        return readAll(kafka, topic).stream().map(r -> codec.decode(topic, r.value())).toList();
    }

    /** The records of {@code topic} (read_committed unless told, from the beginning to the end offsets as of now). */
    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaCluster kafka, String topic) {
        return readAll(kafka, topic, "read_committed");
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaCluster kafka, String topic, String isolation) {
        Map<String, Object> props = new HashMap<>(kafka.consumerProperties("reader-" + System.nanoTime()));
        props.put("isolation.level", isolation);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static void copyWithoutManifest(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.toString().equals(ModelRegistry.MANIFEST) || rel.toString().equals("RETIRED")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}

package org.hubdex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.AvroSerdes;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.stack.Component;
import org.hubdex.stack.LocalStack;
import org.hubdex.stack.StackSettings;
import org.hubdex.trends.TrendsApp;
import org.hubdex.trends.TrendsSettings;
import org.hubdex.trends.TrendsTopics;

/**
 * {@code ops/bench trends}: the trends application on the real broker (the one {@code ops/stack} runs, started if
 * needed), against a baseline measured in the same run: a pass-through Kafka Streams application with the same
 * exactly-once guarantee, input decoding and commit interval, that only re-encodes each event to an output topic.
 *
 * <ul>
 *   <li><b>Throughput.</b> {@code HUBDEX_BENCH_EVENTS} (default 50,000) realistic events (trees, undocumented
 *       uploads, re-sends, updates) are loaded into a fresh topic; each round runs both applications from the
 *       beginning with fresh state and times them until everything is counted (trends) or committed (baseline);
 *       a warm-up round of each first, then alternating rounds, medians.</li>
 *   <li><b>End-to-end lag at that rate.</b> Events are produced live at half the trends median throughput; the lag of
 *       the k-th event is the time from its send until a read_committed reader of the output sees the k-th one
 *       (trends: the {@code activity=new} count of the window reaching k).</li>
 * </ul>
 */
final class TrendsBenchmark {

    private static final Duration LIVE = Duration.ofSeconds(15);

    private TrendsBenchmark() {
    }

    static String run(int events, int rounds) throws Exception {
        LocalStack stack = new LocalStack(StackSettings.fromEnvironment());
        stack.start(Component.KAFKA);
        String bootstrap = stack.kafkaBootstrap();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path state = Files.createTempDirectory("bench-trends-");
        String input = create(bootstrap, Topic.MODEL_EVENTS, "bench.trends." + run + ".events");
        List<ModelEvent> loaded = generate(7, events, Instant.now().truncatedTo(ChronoUnit.HOURS), Duration.ofDays(14));
        produce(bootstrap, input, loaded);

        // a warm-up round of each (JIT, RocksDB, broker page cache), not counted
        baseline(bootstrap, input, create(bootstrap, Topic.MODEL_EVENTS, "bench.trends." + run + ".copy-warm-up"), state.resolve("baseline-warm-up"),
                loaded.size());
        trends(bootstrap, input, run + "-warm-up", state.resolve("trends-warm-up"));
        double[] trendsRate = new double[rounds];
        double[] baselineRate = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            baselineRate[r] = loaded.size() / baseline(bootstrap, input, create(bootstrap, Topic.MODEL_EVENTS, "bench.trends." + run + ".copy-" + r),
                    state.resolve("baseline-" + r), loaded.size());
            trendsRate[r] = loaded.size() / trends(bootstrap, input, run + "-" + r, state.resolve("trends-" + r));
        }
        double trendsMedian = median(trendsRate);
        double baselineMedian = median(baselineRate);

        int rate = Math.max(50, (int) (trendsMedian / 2));
        double[] trendsLag = liveLagTrends(bootstrap, run, state.resolve("live-trends"), rate);
        double[] baselineLag = liveLagBaseline(bootstrap, run, state.resolve("live-baseline"), rate);

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "events/s (median)", "rounds", "trends/baseline"});
        rows.add(new String[] {"trends topology (lineage, 7 dimensions, 1h+1d windows, alerts)", String.format("%,.0f", trendsMedian),
            Arrays.toString(round(trendsRate)), String.format("%.2fx", trendsMedian / baselineMedian)});
        rows.add(new String[] {"baseline: EOS pass-through (decode, re-encode)", String.format("%,.0f", baselineMedian),
            Arrays.toString(round(baselineRate)), "1.00x"});
        List<String[]> lag = new ArrayList<>();
        lag.add(new String[] {"at " + rate + " events/s for " + LIVE.toSeconds() + " s", "events", "lag p50 ms", "lag p99 ms", "lag max ms"});
        lag.add(new String[] {"trends: send -> count visible in hub.trends", String.valueOf(trendsLag.length),
            ms(percentile(trendsLag, 50)), ms(percentile(trendsLag, 99)), ms(percentile(trendsLag, 100))});
        lag.add(new String[] {"baseline: send -> copy visible", String.valueOf(baselineLag.length),
            ms(percentile(baselineLag, 50)), ms(percentile(baselineLag, 99)), ms(percentile(baselineLag, 100))});
        return "Real broker at " + bootstrap + ", one instance, one stream thread, exactly_once_v2, commit interval 100 ms. "
                + loaded.size() + " events (" + events + " models over 14 days; re-sends and updates included) per round, "
                + rounds + " rounds alternating after a warm-up round of each, fresh state each; times include each application's"
                + " start and first rebalance (about 2 s).\n\n" + Table.render(rows)
                + "\nEnd-to-end lag, events produced live at half the trends throughput:\n\n" + Table.render(lag);
    }

    static int defaultRounds() {
        return 3;
    }

    /** Seconds the trends application takes to count every loaded event. */
    private static double trends(String bootstrap, String input, String id, Path stateDir) throws Exception {
        TrendsTopics topics = new TrendsTopics(input, create(bootstrap, Topic.TRENDS, "bench.trends." + id + ".trends"),
                create(bootstrap, Topic.DEAD_LETTERS, "bench.trends." + id + ".dead-letters"));
        long start = System.nanoTime();
        try (TrendsApp app = TrendsApp.start(settings(bootstrap, "bench-trends-" + id, stateDir), topics)) {
            long total = endOffsets(bootstrap, input, IsolationLevel.READ_COMMITTED);
            waitUntil(() -> {
                var m = app.metrics();
                long processed = m.newModels() + m.updates() + m.duplicates();
                return processed >= total && m.countUpdates() + m.expiredCount() >= 2 * m.contributions() ? 1 : 0;
            }, Duration.ofMinutes(10));
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Seconds the pass-through application takes to copy every loaded event. */
    private static double baseline(String bootstrap, String input, String output, Path stateDir, long total) throws Exception {
        long start = System.nanoTime();
        String group = "bench-baseline-" + output;
        try (KafkaStreams streams = passThrough(bootstrap, group, input, output, stateDir)) {
            streams.start();
            // done when its committed input offsets (written in the same transactions as the copies) reach the end
            waitUntil(() -> committedOffsets(bootstrap, group) >= total ? 1 : 0, Duration.ofMinutes(10));
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static double[] liveLagTrends(String bootstrap, String run, Path stateDir, int rate) throws Exception {
        String input = create(bootstrap, Topic.MODEL_EVENTS, "bench.trends." + run + ".live-events");
        TrendsTopics topics = new TrendsTopics(input, create(bootstrap, Topic.TRENDS, "bench.trends." + run + ".live-trends"),
                create(bootstrap, Topic.DEAD_LETTERS, "bench.trends." + run + ".live-dead-letters"));
        try (TrendsApp app = TrendsApp.start(settings(bootstrap, "bench-trends-live-" + run, stateDir), topics)) {
            waitUntil(() -> app.state() == KafkaStreams.State.RUNNING ? 1 : 0, Duration.ofMinutes(2));
            return liveLag(bootstrap, input, topics.trends(), rate, true);
        }
    }

    private static double[] liveLagBaseline(String bootstrap, String run, Path stateDir, int rate) throws Exception {
        String input = create(bootstrap, Topic.MODEL_EVENTS, "bench.trends." + run + ".live-copy-in");
        String output = create(bootstrap, Topic.MODEL_EVENTS, "bench.trends." + run + ".live-copy-out");
        try (KafkaStreams streams = passThrough(bootstrap, "bench-baseline-live-" + run, input, output, stateDir)) {
            streams.start();
            waitUntil(() -> streams.state() == KafkaStreams.State.RUNNING ? 1 : 0, Duration.ofMinutes(2));
            return liveLag(bootstrap, input, output, rate, false);
        }
    }

    /**
     * Produces new models at {@code rate} for {@link #LIVE} while a read_committed reader follows {@code output}; the
     * lag of the k-th event is when the output first shows k events minus the k-th send time.
     */
    private static double[] liveLag(String bootstrap, String input, String output, int rate, boolean trends) throws Exception {
        int total = (int) (rate * LIVE.toSeconds());
        long[] sent = new long[total];
        long[] seen = new long[total];
        AtomicLong visible = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Instant created = Instant.now().truncatedTo(ChronoUnit.HOURS).plusSeconds(1);
        Thread reader = new Thread(() -> follow(bootstrap, output, trends, total, seen, visible, stop), "bench-reader");
        reader.start();
        Thread.sleep(1000); // the reader is assigned before the first send
        AvroCodec<ModelEvent> codec = AvroCodec.of(ModelEvent.class);
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                ModelEvent e = event("live/m" + i, "s", created, null, true, Instant.now());
                sent[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(input, e.getModelId(), codec.encode(input, e)));
            }
        }
        waitUntil(() -> visible.get() >= total ? 1 : 0, Duration.ofMinutes(2));
        stop.set(true);
        reader.join();
        double[] lag = new double[total];
        for (int i = 0; i < total; i++) {
            lag[i] = (seen[i] - sent[i]) / 1e6;
        }
        return lag;
    }

    private static void follow(String bootstrap, String topic, boolean trends, int total, long[] seen, AtomicLong visible, AtomicBoolean stop) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroCodec<TrendRecord> codec = AvroCodec.of(TrendRecord.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    long count;
                    if (trends) {
                        if (!"activity=new".equals(r.key())) {
                            continue;
                        }
                        TrendRecord t = codec.decode(topic, r.value());
                        if (t.getWindowSizeMs() != 3_600_000L) {
                            continue;
                        }
                        count = t.getCount();
                    } else {
                        count = visible.get() + 1;
                    }
                    for (long k = visible.get(); k < Math.min(count, total); k++) {
                        seen[(int) k] = now;
                    }
                    visible.set(Math.max(visible.get(), Math.min(count, total)));
                }
            }
        }
    }

    private static KafkaStreams passThrough(String bootstrap, String appId, String input, String output, Path stateDir) {
        StreamsBuilder b = new StreamsBuilder();
        var serde = AvroSerdes.serde(ModelEvent.class);
        b.stream(input, Consumed.with(Serdes.String(), serde)).to(output, Produced.with(Serdes.String(), serde));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return new KafkaStreams(b.build(), p);
    }

    private static TrendsSettings settings(String bootstrap, String appId, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("HUBDEX_KAFKA_BOOTSTRAP", bootstrap);
        env.put("HUBDEX_TRENDS_APPLICATION_ID", appId);
        env.put("HUBDEX_TRENDS_STATE_DIR", stateDir.toString());
        env.put("HUBDEX_TRENDS_PORT", "0");
        return TrendsSettings.fromEnvironment(env);
    }

    /** Realistic events: the same mix as the trends ITs (trees, undocumented, re-sends, updates, pre-2022). */
    static List<ModelEvent> generate(long seed, int models, Instant end, Duration span) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ModelEvent> out = new ArrayList<>();
        String[] licenses = {"mit", "apache-2.0", "cc-by-4.0", null};
        String[] libraries = {"pytorch", "transformers", "timm", null};
        for (int i = 0; i < models; i++) {
            Instant created = random.nextInt(20) == 0 ? Instant.parse("2022-03-02T23:29:04.000Z")
                    : end.minusMillis((long) (random.nextDouble() * span.toMillis()));
            String author = "org" + random.nextInt(500);
            String base = i < 5 || random.nextInt(4) == 0 ? null : "org" + random.nextInt(500) + "/m" + random.nextInt(i);
            boolean documented = base != null || random.nextBoolean();
            ModelEvent e = ModelEvent.newBuilder(event(author + "/m" + i, "sha-" + i, created, base, documented, created))
                    .setLibraryName(libraries[random.nextInt(libraries.length)]).build();
            if (documented) {
                e.getCardData().setLicense(licenses[random.nextInt(licenses.length)]);
            }
            out.add(e);
            if (random.nextInt(5) == 0) {
                out.add(e);
            }
            if (random.nextInt(7) == 0) {
                out.add(ModelEvent.newBuilder(e).setKind(ModelEventKind.UPDATED).setSha("sha-" + i + "-2")
                        .setLastModified(end.minusMillis((long) (random.nextDouble() * span.toMillis() / 2))).build());
            }
        }
        return out;
    }

    private static ModelEvent event(String id, String sha, Instant created, String base, boolean documented, Instant observed) {
        return ModelEvent.newBuilder().setKind(ModelEventKind.CREATED).setModelId(id).setSha(sha).setHubUrl("http://127.0.0.1:8900")
                .setAuthor(id.substring(0, id.indexOf('/'))).setCreatedAt(created).setLastModified(created).setObservedAt(observed)
                .setPipelineTag("image-classification").setLibraryName("pytorch")
                .setCardData(documented ? CardData.newBuilder().setBaseModels(base == null ? List.of() : List.of(base)).setLicense("mit")
                        .setDatasets(base == null ? List.of("fashion_mnist") : List.of()).build() : null)
                .build();
    }

    private static void produce(String bootstrap, String topic, List<ModelEvent> events) {
        AvroCodec<ModelEvent> codec = AvroCodec.of(ModelEvent.class);
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (ModelEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.getModelId(), codec.encode(topic, e)));
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static String create(String bootstrap, Topic like, String name) {
        LocalStack.createTopic(bootstrap, name, like.partitions(), like.configs(), Duration.ofSeconds(30));
        return name;
    }

    private static long endOffsets(String bootstrap, String topic, IsolationLevel isolation) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get().values().stream()
                    .mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    private static long committedOffsets(String bootstrap, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            return 0; // the group has not committed yet
        }
    }

    private static void waitUntil(LongSupplier done, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (done.getAsLong() == 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("not done within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double percentile(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1 < 0 ? 0 : (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static long[] round(double[] v) {
        return Arrays.stream(v).mapToLong(Math::round).toArray();
    }

    private static String ms(double v) {
        return String.format("%.0f", v);
    }
}

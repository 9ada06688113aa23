package org.hubdex.indexer.embed;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.ControlMessage;
import org.hubdex.schemas.DeadLetters;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.trainer.control.ControlListener;
import org.hubdex.weightrecords.DecodedTokens;
import org.hubdex.weightrecords.HeadMatrices;
import org.hubdex.weightrecords.RoutingMatrices;
import org.hubdex.weightrecords.WeightTokensDecoder;
import org.hubdex.weightspace.engine.Engines;
import org.hubdex.weightspace.modelset.ModelInput;
import org.hubdex.weightspace.modelset.ModelSet;
import org.hubdex.weightspace.modelset.ModelSetEmbedding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedder: consumes {@code hub.weight-tokens} (group {@code hubdex-embedder}, read_committed), embeds each batch
 * with the serving model version and writes one {@code hub.model-embeddings} record per (model, sha, version), keyed
 * by model id, exactly once: each batch is one Kafka transaction holding its embeddings, its dead letters and the
 * input offsets ({@code sendOffsetsToTransaction}).
 *
 * <p>Lifecycle: construct (opens clients; the producer's {@code initTransactions} fences and aborts what a previous
 * instance with the same transactional id left open), {@link #step()} repeatedly ({@link #run()} loops until
 * {@link #stop()}), {@link #close()}. Between batches it polls {@code hub.control}: a newly announced version is loaded
 * from its {@code file:} registry URI while the old one keeps serving, then swapped in and the old one closed, and a
 * {@link Backfill} re-embeds with it what the live consumer had already passed, throttled to
 * {@link EmbedderSettings#backfillRate()} and committed in the same transactions. A version that cannot be loaded is
 * logged and the old one keeps serving. Pre-processing (decode, checks), model execution ({@link ModelSet#embed}, on
 * {@link EmbedderSettings#threads()} threads) and post-processing ({@link EmbeddingRecords}) are separate steps.
 *
 * <p>Not thread-safe: one thread calls {@link #step()}; {@link #stop()} may be called from any thread.
 */
public final class Embedder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EmbedderSettings settings;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final ControlListener control;
    private final ModelEventsTable events;
    private final ExecutorService pool;
    private final AvroCodec<WeightTokens> tokensCodec = AvroCodec.of(WeightTokens.class);
    private final AvroCodec<ModelEmbedding> embeddingCodec = AvroCodec.of(ModelEmbedding.class);
    private final AvroCodec<DeadLetter> deadLetterCodec = AvroCodec.of(DeadLetter.class);
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong backfilled = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean stopping;
    private double backfillRate;
    private ServingModel serving;
    private Backfill backfill;
    private boolean backfillMarked;
    private double backfillAllowance;
    private long lastStepNanos = System.nanoTime();
    private long lastLogNanos = System.nanoTime();
    private long embeddedAtLastLog;
    private final long startedNanos = System.nanoTime();

    public Embedder(EmbedderSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.backfillRate = settings.backfillRate();
        LOG.info("embedder settings:\n{}", settings.describe());
        LOG.info("inference device: {}", Engines.device(Engines.pytorch()));
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.batchSize()));
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 * 1024 * 1024));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.producer.initTransactions();
        this.control = new ControlListener(settings.bootstrapServers(), settings.controlTopic());
        this.events = new ModelEventsTable(settings.bootstrapServers(), settings.eventsTopic());
        this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "embedder-inference");
            t.setDaemon(true);
            return t;
        });
        events.catchUp(TIMEOUT);
        control.catchUp(TIMEOUT);
        consumer.subscribe(List.of(settings.tokensTopic()));
    }

    /** Runs {@link #step()} until {@link #stop()}. */
    public void run() {
        while (!stopping) {
            step();
        }
    }

    public void stop() {
        stopping = true;
    }

    /** One iteration: follow {@code hub.control}, then embed one batch (live and backfill) in one transaction. */
    public void step() {
        step(true);
    }

    /** For tests: one batch sent in a transaction that is never committed, then every client closed (a crash). */
    void stepThenCrash() {
        step(false);
        producer.close(Duration.ZERO);
        consumer.close(Duration.ZERO);
        if (backfill != null) {
            backfill.close();
        }
        control.close();
        events.close();
        pool.shutdownNow();
    }

    private void step(boolean commit) {
        followControl(Duration.ofMillis(serving == null ? 500 : 0));
        events.poll(Duration.ZERO);
        if (serving == null) {
            return;
        }
        List<ConsumerRecord<String, byte[]>> live = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(live::add);
        List<ConsumerRecord<String, byte[]>> old = backfillRecords();
        boolean marker = backfill != null && !backfillMarked;
        if (live.isEmpty() && old.isEmpty() && !marker) {
            finishBackfillIfDone();
            maybeLog();
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> backfillBefore = backfill == null ? Map.of() : backfill.offsets();
        try {
            producer.beginTransaction();
            List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(live);
            all.addAll(old);
            List<Outcome> outcomes = embedAll(all);
            int dead = 0;
            for (Outcome o : outcomes) {
                out.add(o.record);
                dead += o.dead ? 1 : 0;
            }
            out.forEach(producer::send);
            if (!live.isEmpty()) {
                producer.sendOffsetsToTransaction(nextOffsets(live), consumer.groupMetadata());
            }
            if (backfill != null) {
                producer.sendOffsetsToTransaction(backfill.offsets(), backfill.groupMetadata());
            }
            if (!commit) {
                producer.flush();
                return;
            }
            producer.commitTransaction();
            backfillMarked = backfill != null;
            embedded.addAndGet(all.size() - dead);
            backfilled.addAndGet(old.size());
            deadLettered.addAndGet(dead);
        } catch (ProducerFencedException e) {
            throw new EmbedderException("another embedder with transactional id " + settings.transactionalId()
                    + " took over; this one stops", e);
        } catch (KafkaException e) {
            LOG.warn("transaction aborted, the batch ({} live, {} backfill records) will be retried: {}", live.size(), old.size(),
                    e.toString());
            producer.abortTransaction();
            Map<TopicPartition, OffsetAndMetadata> rewind = committedLive();
            for (TopicPartition tp : consumer.assignment()) {
                OffsetAndMetadata o = rewind.get(tp);
                if (o != null) {
                    consumer.seek(tp, o.offset());
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
            if (backfill != null) {
                backfill.rewind(backfillBefore);
            }
            return;
        }
        finishBackfillIfDone();
        maybeLog();
    }

    private List<ConsumerRecord<String, byte[]>> backfillRecords() {
        if (backfill == null) {
            return List.of();
        }
        long now = System.nanoTime();
        backfillAllowance = Math.min(settings.batchSize(),
                backfillAllowance + backfillRate * (now - lastStepNanos) / 1e9);
        lastStepNanos = now;
        int take = (int) Math.floor(backfillAllowance);
        List<ConsumerRecord<String, byte[]>> records = backfill.next(take);
        backfillAllowance -= records.size();
        return records;
    }

    private void finishBackfillIfDone() {
        if (backfill != null && backfillMarked && backfill.done()) {
            LOG.info("backfill of version {} complete: {} models re-embedded", backfill.version(), backfill.processed());
            backfill.close();
            backfill = null;
        }
    }

    private record Outcome(ProducerRecord<String, byte[]> record, boolean dead) {
    }

    /** Embeds every record on the pool; one output record each (an embedding or a dead letter), in input order. */
    private List<Outcome> embedAll(List<ConsumerRecord<String, byte[]>> records) {
        ServingModel model = serving;
        List<Future<Outcome>> futures = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            futures.add(pool.submit(() -> embedOne(model, r)));
        }
        List<Outcome> out = new ArrayList<>(records.size());
        for (Future<Outcome> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbedderException("interrupted while embedding a batch", e);
            } catch (ExecutionException e) {
                throw new EmbedderException("embedding failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    private Outcome embedOne(ServingModel model, ConsumerRecord<String, byte[]> r) {
        String modelId = r.key();
        String sha = null;
        try {
            if (r.value() == null) {
                throw new EmbedderException("a tombstone has no tokens to embed");
            }
            WeightTokens record = tokensCodec.decode(r.topic(), r.value());
            modelId = record.getModelId();
            sha = record.getSha();
            DecodedTokens tokens = WeightTokensDecoder.decode(record);
            ModelSet set = model.modelSet();
            if (!set.tokenizerVersion().equals(tokens.tokenizerVersion())) {
                throw new TokenizerMismatchException(modelId, sha, set.tokenizerVersion(), tokens.tokenizerVersion());
            }
            ModelInput input = new ModelInput(tokens.modelId(), events.baseModels(tokens.modelId()), tokens.tokens(),
                    tokens.probeX(), RoutingMatrices.of(tokens), HeadMatrices.of(tokens));
            ModelSetEmbedding e = set.embed(input);
            ModelEmbedding out = EmbeddingRecords.toRecord(tokens.modelId(), tokens.sha(), model.version(),
                    tokens.tokenizerVersion(), e, clock.instant());
            return new Outcome(new ProducerRecord<>(settings.embeddingsTopic(), out.getModelId(),
                    embeddingCodec.encode(settings.embeddingsTopic(), out)), false);
        } catch (RuntimeException e) {
            return new Outcome(deadLetter(r, modelId, sha, e), true);
        }
    }

    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> r, String modelId, String sha, Throwable error) {
        LOG.warn("dead letter for {}/{}/{} (key {}): {}: {}", r.topic(), r.partition(), r.offset(), r.key(),
                error.getClass().getSimpleName(), error.getMessage());
        DeadLetter letter = DeadLetters.of(r, EmbedderSettings.STAGE, modelId, sha, error, clock.instant());
        return new ProducerRecord<>(settings.deadLettersTopic(), DeadLetters.key(letter), deadLetterCodec.encode(settings.deadLettersTopic(), letter));
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            m.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return m;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedLive() {
        Set<TopicPartition> parts = new java.util.HashSet<>();
        consumer.partitionsFor(settings.tokensTopic(), TIMEOUT)
                .forEach(i -> parts.add(new TopicPartition(settings.tokensTopic(), i.partition())));
        Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
        consumer.committed(parts, TIMEOUT).forEach((tp, o) -> {
            if (o != null) {
                m.put(tp, o);
            }
        });
        return m;
    }

    /** Loads and swaps in the version {@code hub.control} names current, when it is not the one serving. */
    private void followControl(Duration wait) {
        Optional<ControlMessage> current = control.poll(wait);
        if (current.isEmpty() || (serving != null && serving.version().equals(current.get().getModelVersion()))) {
            if (current.isEmpty() && serving == null && System.nanoTime() - lastLogNanos > settings.logInterval().toNanos()) {
                LOG.info("waiting for a model version on {}", settings.controlTopic());
                lastLogNanos = System.nanoTime();
            }
            return;
        }
        String version = current.get().getModelVersion();
        String uri = current.get().getRegistryUri();
        ModelSet loaded;
        long t0 = System.nanoTime();
        try {
            loaded = ModelSet.load(Path.of(URI.create(uri)));
        } catch (RuntimeException e) {
            ModelVersionLoadException failure = new ModelVersionLoadException(version, uri, e);
            LOG.error("{}; still serving {}", failure.getMessage(), serving == null ? "nothing" : serving.version());
            return;
        }
        ServingModel previous = serving;
        serving = new ServingModel(version, loaded);
        LOG.info("serving model version {} (loaded from {} in {} ms; tokenizer {}, {} experts){}", version, uri,
                (System.nanoTime() - t0) / 1_000_000, loaded.tokenizerVersion(), loaded.experts().size(),
                previous == null ? "" : ", replacing " + previous.version());
        if (previous != null) {
            previous.modelSet().close();
        }
        if (backfill != null) {
            LOG.info("backfill of version {} abandoned at {}/{}: version {} re-embeds everything", backfill.version(),
                    backfill.processed(), backfill.total(), version);
            backfill.close();
        }
        backfill = new Backfill(settings, version, committedLive(), TIMEOUT);
        backfillMarked = false;
        backfillAllowance = 0;
        lastStepNanos = System.nanoTime();
        LOG.info("backfill of version {}: {} records to re-embed{} at most {} models/s", version,
                backfill.total() - backfill.processed(), backfill.resumed() ? " (resumed)," : ",", backfillRate);
    }

    private void maybeLog() {
        long now = System.nanoTime();
        if (now - lastLogNanos < settings.logInterval().toNanos()) {
            return;
        }
        double seconds = (now - lastLogNanos) / 1e9;
        long total = embedded.get();
        LOG.info("embedded {} models ({} in the last {}s: {} models/s), {} backfilled, {} dead letters; version {}{}",
                total, total - embeddedAtLastLog, Math.round(seconds), String.format("%.1f", (total - embeddedAtLastLog) / seconds),
                backfilled.get(), deadLettered.get(), serving == null ? "none" : serving.version(),
                backfill == null ? "" : "; backfill " + backfill.processed() + "/" + backfill.total());
        lastLogNanos = now;
        embeddedAtLastLog = total;
    }

    /** For tests: changes the backfill's rate limit (models/s) from the next batch on. */
    void setBackfillRateForTest(double modelsPerSecond) {
        this.backfillRate = modelsPerSecond;
    }

    /** The version serving now, if any. */
    public Optional<String> servingVersion() {
        return serving == null ? Optional.empty() : Optional.of(serving.version());
    }

    /** Whether a backfill is under way. */
    public boolean backfilling() {
        return backfill != null;
    }

    /** Models embedded (committed) since start, live and backfill. */
    public long embeddedCount() {
        return embedded.get();
    }

    public long deadLetterCount() {
        return deadLettered.get();
    }

    /** Seconds since the embedder was made. */
    double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    @Override
    public void close() {
        stopping = true;
        pool.shutdownNow();
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.debug("producer close", e);
        }
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.debug("consumer close", e);
        }
        if (backfill != null) {
            backfill.close();
        }
        control.close();
        events.close();
        if (serving != null) {
            serving.modelSet().close();
        }
    }
}

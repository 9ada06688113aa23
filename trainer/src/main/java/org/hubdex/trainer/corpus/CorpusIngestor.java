package org.hubdex.trainer.corpus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.HubException;
import org.hubdex.hub.ModelInfo;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.SchemaException;
import org.hubdex.schemas.DeadLetters;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.trainer.corpus.internal.EventCache;
import org.hubdex.trainer.corpus.internal.HubFailure;
import org.hubdex.weightrecords.WeightTokensDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the corpus from Kafka: one consumer (group {@link CorpusSettings#groupId()}) of {@code hub.model-events} and
 * {@code hub.weight-tokens}. Each tokens record becomes a {@link CorpusStore} entry: the record's bytes as received,
 * and facts from the model's event for that sha when one was read (events may come before or after the tokens; the
 * ones still waiting are kept in a bounded cache), else from the hub's model info, plus the card and config fetched
 * through {@link CardFetcher}. Offsets are committed only after every entry of a batch is durable, in one Kafka
 * transaction with the batch's dead letters, so a killed ingestor loses nothing and, the store being idempotent and
 * the dead letters transactional, writes nothing twice.
 *
 * <p>What cannot be stored goes to {@code hub.dead-letters} with its reason: a payload that does not decode, tokens
 * that do not match their declared shape, a model or revision the hub no longer has (or gates). A hub that is down,
 * overloaded or rate limiting is waited for instead: the batch's remaining records are read again after a pause
 * (doubling up to {@link CorpusSettings#retryMaxWait()}). A refused token or a failing disk stops the ingestor with
 * {@link IngestFailedException}. Cards are fetched {@link CorpusSettings#fetchConcurrency()} at a time; entries are
 * written in offset order on the consumer thread. A progress line (entries stored, rate, lag) is logged every
 * {@link CorpusSettings#progressInterval()}.
 *
 * <p>Lifecycle: {@link #builder()}, then {@link #run()} (until {@link #stop()}) or {@link #catchUp()} (until the end
 * of the topics as of its start), then {@link #close()}. {@code run} and {@code catchUp} are for one thread;
 * {@link #stop()} and {@link #stats()} may be called from any.
 */
public final class CorpusIngestor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusIngestor.class);
    private static final Duration FIRST_RETRY_WAIT = Duration.ofSeconds(1);
    private static final int MAX_POLL_RECORDS = 32;

    private final CorpusSettings settings;
    private final CorpusStore store;
    private final HubClient hub;
    private final CardFetcher cards;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final ExecutorService fetchers;
    private final AvroCodec<ModelEvent> eventCodec = AvroCodec.of(ModelEvent.class);
    private final AvroCodec<WeightTokens> tokensCodec = AvroCodec.of(WeightTokens.class);
    private final AvroCodec<DeadLetter> deadLetterCodec = AvroCodec.of(DeadLetter.class);
    private final EventCache events;
    private final Object pause = new Object();
    private volatile boolean stopping;
    private volatile IngestStats stats = new IngestStats(0, 0, 0, 0, 0);
    private Duration retryWait = FIRST_RETRY_WAIT;
    private long lastProgressNanos;
    private long storedAtLastProgress;

    private CorpusIngestor(Builder b) {
        this.settings = b.settings;
        this.store = b.store;
        this.hub = b.hub;
        this.cards = new CardFetcher(hub, settings.cardMaxChars());
        this.clock = b.clock;
        this.events = new EventCache(settings.eventCache());
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // one ingestor per group (the store's lock allows one per corpus): as a static member, a restarted ingestor takes
        // over its partitions at once instead of waiting for the killed one's session to time out
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.groupId() + "-corpus");
        // a batch waits for the hub (its retries, its rate limit): give it time rather than lose the group
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // one ingestor per corpus (the store's lock) and per group: a stable id lets a restarted ingestor abort what a
        // killed one left open at once, instead of waiting out the transaction timeout
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.groupId() + "-corpus");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        this.deadLetters = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        AtomicInteger threads = new AtomicInteger();
        this.fetchers = Executors.newFixedThreadPool(settings.fetchConcurrency(), r -> {
            Thread t = new Thread(r, "corpus-fetch-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Ingests until {@link #stop()} is called. */
    public void run() {
        loop(false);
    }

    /**
     * Ingests until every partition is read up to its end as of the first assignment (the topics' content when it
     * started), then returns: a backfill, or {@code ops/train --once}.
     */
    public IngestStats catchUp() {
        loop(true);
        return stats;
    }

    /** Asks {@link #run()} or {@link #catchUp()} to return after the batch in hand. Any thread; idempotent. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
        synchronized (pause) {
            pause.notifyAll();
        }
    }

    /** What has been done so far. Any thread. */
    public IngestStats stats() {
        return stats;
    }

    @Override
    public void close() {
        stopping = true;
        fetchers.shutdownNow();
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (KafkaException e) {
            LOG.debug("closing the consumer failed", e);
        }
        deadLetters.close(Duration.ofSeconds(10));
    }

    private void loop(boolean untilCaughtUp) {
        LOG.info("corpus ingestor: {} + {} into {}, group {}, hub {}", settings.eventsTopic(), settings.tokensTopic(), store.dir(),
                settings.groupId(), hub.endpoint());
        deadLetters.initTransactions(); // aborts what a killed predecessor left open
        consumer.subscribe(List.of(settings.eventsTopic(), settings.tokensTopic()));
        Map<TopicPartition, Long> targets = null;
        lastProgressNanos = System.nanoTime();
        storedAtLastProgress = stats.stored();
        try {
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    process(records);
                }
                maybeLogProgress(false);
                if (untilCaughtUp) {
                    if (targets == null && !consumer.assignment().isEmpty()) {
                        targets = consumer.endOffsets(consumer.assignment());
                    }
                    if (targets != null && caughtUp(targets)) {
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        }
        maybeLogProgress(true);
        LOG.info("corpus ingestor stopped: {}; the corpus holds {} models", stats, store.count());
    }

    private boolean caughtUp(Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            if (consumer.assignment().contains(t.getKey()) && consumer.position(t.getKey()) < t.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * One batch: events first (so that tokens in the same batch find theirs), then tokens, each entry durable in the
     * store when {@code put} returns; then one short Kafka transaction of the dead-letter producer commits the batch's
     * dead letters and its consumer offsets together. A crash before that commit leaves the offsets where they were:
     * the batch is read again, its entries are found stored, and its dead letters are written then, once.
     */
    private void process(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        List<ProducerRecord<String, byte[]>> letters = new ArrayList<>();
        boolean retry = processBatch(records, commit, letters);
        deadLetters.beginTransaction();
        try {
            letters.forEach(deadLetters::send);
            if (!commit.isEmpty()) {
                deadLetters.sendOffsetsToTransaction(commit, consumer.groupMetadata());
            }
            deadLetters.commitTransaction();
        } catch (KafkaException e) {
            try {
                deadLetters.abortTransaction();
            } catch (KafkaException abort) {
                e.addSuppressed(abort);
            }
            throw new IngestFailedException("the batch's dead letters and offsets could not be committed (the batch will be"
                    + " read again): " + e.getMessage(), e);
        }
        count(0, 0, letters.size(), 0, 0);
        if (retry) {
            count(0, 0, 0, 0, 1);
            LOG.warn("the hub failed transiently; reading the rest of the batch again in {} s", retryWait.toMillis() / 1000.0);
            sleep(retryWait);
            retryWait = retryWait.multipliedBy(2).compareTo(settings.retryMaxWait()) > 0 ? settings.retryMaxWait() : retryWait.multipliedBy(2);
        } else {
            retryWait = FIRST_RETRY_WAIT;
        }
    }

    /**
     * Processes a batch: fills {@code commit} with how far each partition is done and {@code letters} with the dead
     * letters; true when a partition must be read again.
     */
    private boolean processBatch(ConsumerRecords<String, byte[]> records, Map<TopicPartition, OffsetAndMetadata> commit,
            List<ProducerRecord<String, byte[]>> letters) {
        for (TopicPartition tp : records.partitions()) {
            if (!tp.topic().equals(settings.eventsTopic())) {
                continue;
            }
            for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                readEvent(r, letters);
            }
            commit.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        boolean retry = false;
        Map<TopicPartition, List<Work>> work = prepare(records, letters);
        for (Map.Entry<TopicPartition, List<Work>> e : work.entrySet()) {
            TopicPartition tp = e.getKey();
            // all done: the position, which is past the transaction markers after the last record too
            OffsetAndMetadata done = new OffsetAndMetadata(consumer.position(tp));
            for (Work w : e.getValue()) {
                if (!finish(w, letters)) {
                    done = w.record.offset() > e.getValue().get(0).record.offset() ? new OffsetAndMetadata(w.record.offset()) : null;
                    consumer.seek(tp, w.record.offset()); // read it, and what follows, again after the pause
                    retry = true;
                    break;
                }
            }
            if (done != null) {
                commit.put(tp, done);
            }
        }
        return retry;
    }

    private void readEvent(ConsumerRecord<String, byte[]> r, List<ProducerRecord<String, byte[]>> letters) {
        ModelEvent event;
        try {
            event = r.value() == null ? null : eventCodec.decode(r.topic(), r.value());
        } catch (SchemaException e) {
            letters.add(deadLetter(r, null, null, e));
            return;
        }
        count(0, 0, 0, 1, 0);
        if (event == null || event.getKind() == ModelEventKind.UNAVAILABLE || event.getSha() == null
                || store.contains(event.getModelId(), event.getSha())) {
            return; // a tombstone, or nothing to wait for
        }
        events.put(event);
    }

    /** Decodes and checks each tokens record, and starts fetching the facts of those to store. */
    private Map<TopicPartition, List<Work>> prepare(ConsumerRecords<String, byte[]> records,
            List<ProducerRecord<String, byte[]>> letters) {
        Map<TopicPartition, List<Work>> out = new HashMap<>();
        Set<String> inBatch = new HashSet<>();
        for (TopicPartition tp : records.partitions()) {
            if (!tp.topic().equals(settings.tokensTopic())) {
                continue;
            }
            List<Work> list = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                WeightTokens tokens;
                try {
                    if (r.value() == null) {
                        throw new UnusableRecordException("a null value (tombstone): hub.weight-tokens values are never null");
                    }
                    tokens = tokensCodec.decode(r.topic(), r.value());
                    WeightTokensDecoder.decode(tokens);
                } catch (SchemaException | UnusableRecordException e) {
                    letters.add(deadLetter(r, null, null, e));
                    list.add(Work.done(r));
                    continue;
                }
                String key = tokens.getModelId() + "@" + tokens.getSha();
                if (store.contains(tokens.getModelId(), tokens.getSha()) || !inBatch.add(key)) {
                    count(0, 1, 0, 0, 0);
                    list.add(Work.done(r));
                    continue;
                }
                Optional<ModelEvent> event = events.get(tokens.getModelId(), tokens.getSha());
                String ref = r.topic() + "/" + r.partition() + "/" + r.offset();
                list.add(new Work(r, tokens, fetchers.submit(() -> facts(tokens, event, ref))));
            }
            out.put(tp, list);
        }
        return out;
    }

    /** The facts of one revision: its event's, else the hub's model info; the card through the card fetcher. */
    private ModelFacts facts(WeightTokens tokens, Optional<ModelEvent> event, String ref) {
        String modelId = tokens.getModelId();
        String sha = tokens.getSha();
        RepoCard card = cards.fetch(modelId, sha);
        if (event.isPresent()) {
            return FactsMapper.fromEvent(event.get(), card,
                    new ModelFacts.Source(ModelFacts.SourceKind.KAFKA, ref, ModelFacts.MetadataOrigin.MODEL_EVENT), clock.instant());
        }
        ModelInfo info = hub.modelInfo(modelId, Optional.of(sha), false);
        return FactsMapper.fromModelInfo(info, sha, card,
                new ModelFacts.Source(ModelFacts.SourceKind.KAFKA, ref, ModelFacts.MetadataOrigin.HUB_MODEL_INFO), clock.instant());
    }

    /** Stores (or dead-letters) one prepared record; false when the hub failed transiently and it must be read again. */
    private boolean finish(Work w, List<ProducerRecord<String, byte[]>> letters) {
        if (w.facts == null) {
            return true;
        }
        String modelId = w.tokens.getModelId();
        String sha = w.tokens.getSha();
        ModelFacts facts;
        try {
            facts = w.facts.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HubException hubError) {
                switch (HubFailure.of(hubError)) {
                    case TRANSIENT -> {
                        LOG.info("{}@{}: the hub failed transiently ({}); will read it again", modelId, sha, hubError.getMessage());
                        return false;
                    }
                    case FATAL -> throw new IngestFailedException("the hub refuses this ingestor: " + hubError.getMessage(), hubError);
                    default -> {
                        letters.add(deadLetter(w.record, modelId, sha, hubError));
                        return true;
                    }
                }
            }
            LOG.warn("{}@{}: facts could not be assembled", modelId, sha, cause);
            letters.add(deadLetter(w.record, modelId, sha, cause));
            return true;
        }
        try {
            CorpusStore.PutResult result = store.put(w.record.value(), facts);
            if (result == CorpusStore.PutResult.STORED) {
                count(1, 0, 0, 0, 0);
            } else {
                count(0, 1, 0, 0, 0);
            }
            events.remove(modelId, sha);
        } catch (InvalidEntryException e) {
            letters.add(deadLetter(w.record, modelId, sha, e));
        } catch (CorpusException e) {
            throw new IngestFailedException("the corpus refuses writes: " + e.getMessage(), e);
        }
        return true;
    }

    /** The dead letter of a record (sent with the batch's offsets). */
    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> r, String modelId, String sha, Throwable error) {
        LOG.warn("dead letter for {}/{}/{} (key {}): {}: {}", r.topic(), r.partition(), r.offset(), r.key(),
                error.getClass().getSimpleName(), error.getMessage());
        DeadLetter letter = DeadLetters.of(r, CorpusSettings.STAGE, modelId, sha, error, clock.instant());
        return new ProducerRecord<>(settings.deadLetterTopic(), DeadLetters.key(letter), deadLetterCodec.encode(settings.deadLetterTopic(), letter));
    }

    private void sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        synchronized (pause) {
            long left;
            while (!stopping && (left = until - System.nanoTime()) > 0) {
                try {
                    pause.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void maybeLogProgress(boolean force) {
        long now = System.nanoTime();
        long elapsed = now - lastProgressNanos;
        if (!force && elapsed < settings.progressInterval().toNanos()) {
            return;
        }
        IngestStats s = stats;
        long delta = s.stored() - storedAtLastProgress;
        double seconds = Math.max(1e-9, elapsed / 1e9);
        LOG.info("corpus: {} entries stored (+{} in {} s, {}/s), {} duplicates, {} dead letters, {} hub retries; lag {}; corpus {} models",
                s.stored(), delta, Math.round(seconds), String.format("%.2f", delta / seconds), s.duplicates(), s.deadLettered(),
                s.hubRetries(), lag(), store.count());
        lastProgressNanos = now;
        storedAtLastProgress = s.stored();
    }

    /** Records behind the end of each topic, e.g. {@code hub.weight-tokens 12, hub.model-events 0}. */
    private String lag() {
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            if (assigned.isEmpty()) {
                return "unknown (no partitions assigned yet)";
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(5));
            Map<String, Long> byTopic = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
            for (TopicPartition tp : assigned) {
                long behind = Math.max(0, ends.getOrDefault(tp, 0L) - consumer.position(tp, Duration.ofSeconds(5)));
                byTopic.merge(tp.topic(), behind, Long::sum);
            }
            StringBuilder sb = new StringBuilder();
            byTopic.forEach((t, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(t).append(' ').append(n));
            return sb.toString();
        } catch (KafkaException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private synchronized void count(long stored, long duplicates, long dead, long eventsRead, long retries) {
        IngestStats s = stats;
        stats = new IngestStats(s.stored() + stored, s.duplicates() + duplicates, s.deadLettered() + dead, s.eventsRead() + eventsRead,
                s.hubRetries() + retries);
    }

    /** One tokens record of a batch: its facts being fetched, or nothing left to do ({@code facts} null). */
    private record Work(ConsumerRecord<String, byte[]> record, WeightTokens tokens, Future<ModelFacts> facts) {
        static Work done(ConsumerRecord<String, byte[]> record) {
            return new Work(record, null, null);
        }
    }

    /** A record that is well-formed Avro but cannot be an entry. */
    private static final class UnusableRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnusableRecordException(String message) {
            super(message);
        }
    }

    /** Builder: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private CorpusSettings settings;
        private CorpusStore store;
        private HubClient hub;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder setSettings(CorpusSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The corpus to fill, opened for writing; the caller closes it. */
        public Builder setStore(CorpusStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The hub the models live on; the caller closes it. */
        public Builder setHubClient(HubClient hub) {
            this.hub = Objects.requireNonNull(hub, "hub");
            return this;
        }

        /** The clock of {@code ingestedAt} and dead letters' {@code failedAt} (default: the system's, UTC). */
        public Builder optClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public CorpusIngestor build() {
            if (settings == null || store == null || hub == null) {
                throw new IllegalStateException("setSettings, setStore and setHubClient are required");
            }
            if (!store.dir().toAbsolutePath().normalize().equals(settings.dir().toAbsolutePath().normalize())) {
                LOG.info("the store's directory {} overrides {}={}", store.dir(), CorpusSettings.Key.DIR.env(), settings.dir());
            }
            return new CorpusIngestor(this);
        }
    }
}

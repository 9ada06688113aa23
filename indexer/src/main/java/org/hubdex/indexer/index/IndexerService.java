package org.hubdex.indexer.index;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.AvroSerializer;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live indexer: consumes {@code hub.model-embeddings} and {@code hub.model-events} in group
 * {@code hubdex-indexer} and writes each poll's records through the {@link ElasticsearchSink} to every index of the
 * layout (events to all of them, embeddings to their own version's), then commits the poll's offsets; offsets are
 * committed only after the bulk succeeded, so a crash or an Elasticsearch outage loses nothing (records are replayed,
 * and replays are idempotent). While Elasticsearch is down the sink backs off and the poll loop waits; the consumer's
 * {@code max.poll.interval.ms} is raised to 15 minutes so an outage does not cost the partitions.
 *
 * <p>An embedding of a model version with no index, newer than every existing index, starts an {@link IndexBuilder}
 * for it in the background (when auto-build is on); the new index receives live writes from then on and gets the
 * alias when the build has caught up. Lifecycle: construct, {@link #run()} on one thread, {@link #close()} from any.
 */
public final class IndexerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexerService.class);

    private final IndexerSettings settings;
    private final ElasticsearchSink sink;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroCodec<ModelEvent> events = AvroCodec.of(ModelEvent.class);
    private final AvroCodec<ModelEmbedding> embeddings = AvroCodec.of(ModelEmbedding.class);
    private final ExecutorService builders = Executors.newSingleThreadExecutor(r -> new Thread(r, "hubdex-index-builder"));
    private final Set<String> building = ConcurrentHashMap.newKeySet();
    private final AtomicLong committedBatches = new AtomicLong();
    private volatile boolean running = true;
    private volatile SinkResult totals = SinkResult.EMPTY;

    public IndexerService(IndexerSettings settings, ElasticsearchSink sink) {
        this.settings = settings;
        this.sink = sink;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        // range assignment gives partition n of both topics (6 partitions each) to the same consumer, so one model's
        // event and embedding are merged by one instance
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, org.apache.kafka.clients.consumer.RangeAssignor.class.getName());
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Dead letters to the settings' topic as {@link DeadLetter} records (stage {@code indexer}); close with the service. */
    public static DeadLetters kafkaDeadLetters(IndexerSettings settings, List<AutoCloseable> closeables) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<String, DeadLetter> producer = new KafkaProducer<>(p, new StringSerializer(), new AvroSerializer<>(DeadLetter.class));
        closeables.add(producer);
        DeadLetters log = DeadLetters.logging();
        return (change, type, reason, attempts) -> {
            log.send(change, type, reason, attempts);
            String sha = change instanceof Change.Embedding e ? e.embedding().getSha()
                    : ((Change.Event) change).event().getSha();
            DeadLetter d = DeadLetter.newBuilder().setSourceTopic(change.source().topic()).setSourcePartition(change.source().partition())
                    .setSourceOffset(change.source().offset()).setKey(change.modelId()).setModelId(change.modelId()).setSha(sha)
                    .setStage("indexer").setErrorClass(type == null ? "unknown" : type).setReason(reason).setPayloadRef(null)
                    .setFailedAt(Instant.now()).setAttempts(attempts).build();
            producer.send(new ProducerRecord<>(settings.deadLetterTopic(), change.modelId(), d));
        };
    }

    /** Polls, writes and commits until {@link #close()}. */
    public void run() {
        consumer.subscribe(List.of(settings.embeddingsTopic(), settings.eventsTopic()));
        LOG.info("indexer consuming {} and {} as group {} into {}", settings.embeddingsTopic(), settings.eventsTopic(),
                settings.groupId(), settings.layout().pattern());
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Change> changes = new ArrayList<>();
                Set<String> versions = new TreeSet<>();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    if (r.value() == null) {
                        continue;
                    }
                    Change.Source src = new Change.Source(r.topic(), r.partition(), r.offset());
                    if (r.topic().equals(settings.embeddingsTopic())) {
                        ModelEmbedding m = embeddings.decode(r.topic(), r.value());
                        versions.add(m.getModelVersion());
                        changes.add(new Change.Embedding(m, src));
                    } else {
                        changes.add(new Change.Event(events.decode(r.topic(), r.value()), src));
                    }
                }
                List<String> indices = new ArrayList<>(sink.indices());
                startBuilds(versions, indices);
                SinkResult batch = SinkResult.EMPTY;
                for (String index : indices) {
                    batch = batch.plus(sink.write(index, changes));
                }
                try {
                    consumer.commitSync(offsets);
                    committedBatches.incrementAndGet();
                } catch (org.apache.kafka.clients.consumer.CommitFailedException
                        | org.apache.kafka.common.errors.RebalanceInProgressException e) {
                    // the group moved on (e.g. an outage longer than max.poll.interval.ms): the records come again to
                    // whoever owns the partitions now, and writing them again is harmless
                    LOG.warn("commit after a successful bulk failed ({}); the records will be consumed again", e.toString());
                }
                totals = totals.plus(batch);
                LOG.debug("{} records into {}: {}", records.count(), indices, batch);
            }
        } catch (WakeupException | InterruptedException e) {
            if (running) {
                throw new IndexerException("indexer interrupted while running", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
            LOG.info("indexer stopped; totals {}", totals);
        }
    }

    private void startBuilds(Set<String> versions, List<String> indices) throws InterruptedException {
        for (String v : versions) {
            String index = settings.layout().indexName(v);
            if (indices.contains(index) || building.contains(index)) {
                continue;
            }
            boolean newest = indices.stream().allMatch(i -> i.compareTo(index) < 0);
            if (!settings.autoBuild() || !newest) {
                continue;
            }
            sink.ensureIndex(index);
            indices.add(index);
            building.add(index);
            LOG.info("first embedding of model version {}: building {} in the background", v, index);
            builders.submit(() -> {
                try {
                    new IndexBuilder(settings, sink).build(v);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.error("building {} failed", index, e);
                } finally {
                    building.remove(index);
                }
            });
        }
    }

    /** Totals of everything written since start. */
    public SinkResult totals() {
        return totals;
    }

    /** Polls whose offsets were committed. */
    public long committedBatches() {
        return committedBatches.get();
    }

    /** True while an index build runs. */
    public boolean building() {
        return !building.isEmpty();
    }

    @Override
    public void close() {
        running = false;
        sink.stop();
        consumer.wakeup();
        builders.shutdownNow();
    }
}

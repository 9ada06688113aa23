package org.hubdex.indexer.index;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the index of one model version in the background (blue/green): creates it, reads the compacted
 * {@code hub.model-embeddings} (records of that version) and {@code hub.model-events} from the beginning up to their
 * end offsets as of the start, writes them through the {@link ElasticsearchSink}, refreshes, and only then points the
 * alias at it in one atomic {@code _aliases} request, and deletes the oldest indices beyond the kept number. Search
 * reads the alias, so it never sees a half-built index. Records after the start offsets reach the new index through
 * the live {@link IndexerService}, which writes to every index of the layout once it exists.
 *
 * <p>The alias is moved only forward: if it already points at an index whose name sorts after this one (versions are
 * timestamps), the build completes without swapping. Uses its own consumer without a group (no offsets committed);
 * one {@link #build} per instance at a time.
 */
public final class IndexBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(IndexBuilder.class);

    /** What a build did. */
    public record Result(String index, long recordsRead, SinkResult sink, boolean swapped, List<String> deleted) {
    }

    private final IndexerSettings settings;
    private final ElasticsearchSink sink;

    public IndexBuilder(IndexerSettings settings, ElasticsearchSink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    /** Builds the index of {@code modelVersion} and swaps the alias to it when complete. */
    public Result build(String modelVersion) throws InterruptedException {
        String index = settings.layout().indexName(modelVersion);
        sink.ensureIndex(index);
        AvroCodec<ModelEvent> events = AvroCodec.of(ModelEvent.class);
        AvroCodec<ModelEmbedding> embeddings = AvroCodec.of(ModelEmbedding.class);
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchSize());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "hubdex-index-builder-" + index);
        long read = 0;
        SinkResult total = SinkResult.EMPTY;
        long started = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : List.of(settings.embeddingsTopic(), settings.eventsTopic())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            LOG.info("building {} from {} partitions up to end offsets {}", index, parts.size(), end);
            while (!caughtUp(consumer, end)) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("build of " + index + " interrupted");
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                List<Change> changes = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.offset() >= end.getOrDefault(new TopicPartition(r.topic(), r.partition()), Long.MAX_VALUE) || r.value() == null) {
                        continue;
                    }
                    read++;
                    Change.Source src = new Change.Source(r.topic(), r.partition(), r.offset());
                    changes.add(r.topic().equals(settings.embeddingsTopic())
                            ? new Change.Embedding(embeddings.decode(r.topic(), r.value()), src)
                            : new Change.Event(events.decode(r.topic(), r.value()), src));
                }
                total = total.plus(sink.write(index, changes));
            }
        }
        sink.refresh(index);
        boolean swapped = false;
        List<String> deleted = List.of();
        try {
            Optional<String> live = settings.layout().aliasTarget(sink.client());
            if (live.isEmpty() || live.get().compareTo(index) < 0) {
                settings.layout().swapAlias(sink.client(), index);
                swapped = true;
                deleted = settings.layout().prune(sink.client(), settings.keepIndices());
            } else if (!live.get().equals(index)) {
                LOG.warn("built {} but the alias already points at the newer {}: not swapped", index, live.get());
            }
        } catch (java.io.IOException e) {
            throw new IndexerException("swapping the alias " + settings.layout().alias() + " to " + index + " failed: " + e, e);
        }
        LOG.info("built {}: {} records read in {} s, {}; alias swapped: {}", index, read, (System.nanoTime() - started) / 1_000_000_000,
                total, swapped);
        return new Result(index, read, total, swapped, deleted);
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}

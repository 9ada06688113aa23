package org.hubdex.crawler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.CrawlerState;
import org.hubdex.schemas.avro.CrawlerStateKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawler's memory: the last sha emitted per model and the progress of each listing pass, as
 * committed to {@code hub.crawler-state}. Restored at start-up by reading that compacted topic from
 * the beginning with {@code read_committed}, so only state written together with its events counts;
 * updated in memory only after a transaction commits.
 *
 * <p>Not thread-safe: owned by the crawler's single loop thread. Memory: one entry per model (about
 * 150 bytes), so a million models need about 150 MB.
 */
public final class CrawlerStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(CrawlerStateStore.class);
    private static final AvroCodec<CrawlerState> CODEC = AvroCodec.of(CrawlerState.class);

    private final String crawlerId;
    private final Map<String, String> shaByModel = new HashMap<>();
    private final Map<String, CrawlerState> passes = new HashMap<>();

    public CrawlerStateStore(String crawlerId) {
        this.crawlerId = crawlerId;
    }

    /** Reads the whole state topic and keeps this crawler's records; returns how many it kept. */
    public long restore(String bootstrapServers, String topic, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long kept = 0;
        long started = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // under read_committed the end offsets are the last stable offsets: nothing in flight is waited for
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new org.hubdex.crawler.CrawlerException("could not read " + topic + " to its end within " + timeout
                            + " (at " + positions(consumer, end) + " of " + end + ")");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && apply(CODEC.decode(topic, record.value()))) {
                        kept++;
                    }
                }
            }
        }
        LOG.info("restored crawler '{}' state from {}: {} models seen, passes {} ({} ms)", crawlerId, topic, shaByModel.size(),
                passes.keySet(), (System.nanoTime() - started) / 1_000_000);
        return kept;
    }

    /** Applies one committed state record (restore, or after a commit); returns false if it belongs to another crawler. */
    public boolean apply(CrawlerState state) {
        if (!crawlerId.equals(state.getCrawlerId())) {
            return false;
        }
        if (state.getKind() == CrawlerStateKind.MODEL_SEEN) {
            shaByModel.put(state.getModelId(), shaKey(state.getSha()));
        } else {
            passes.put(state.getPassName(), state);
        }
        return true;
    }

    /** The last sha emitted for a model, if it was ever emitted ("" stands for "the hub reported no sha"). */
    public Optional<String> lastSha(String modelId) {
        return Optional.ofNullable(shaByModel.get(modelId));
    }

    /** Whether (model, sha) was already emitted and committed. */
    public boolean alreadyEmitted(String modelId, String sha) {
        return shaKey(sha).equals(shaByModel.get(modelId));
    }

    /** The committed progress of a pass, if it ever ran. */
    public Optional<CrawlerState> pass(String passName) {
        return Optional.ofNullable(passes.get(passName));
    }

    /** The record key of a model's state. */
    public static String modelKey(String crawlerId, String modelId) {
        return crawlerId + " model " + modelId;
    }

    /** The record key of a pass's progress. */
    public static String passKey(String crawlerId, String passName) {
        return crawlerId + " pass " + passName;
    }

    private static String shaKey(String sha) {
        return sha == null ? "" : sha;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> at = new HashMap<>();
        end.keySet().forEach(tp -> at.put(tp, consumer.position(tp)));
        return at;
    }
}

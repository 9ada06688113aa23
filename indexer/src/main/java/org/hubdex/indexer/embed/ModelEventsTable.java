package org.hubdex.indexer.embed;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.ModelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card's base models of every model, the latest {@code hub.model-events} record's {@code cardData.baseModels} per
 * model id: a table rebuilt on start by reading every partition from the beginning (no consumer group, nothing
 * committed), then kept up by {@link #poll}. The embedder needs it for card routing; a model whose event has not been
 * read yet is routed by its weights. Undecodable records are logged and skipped (the stages that write them own their
 * dead letters). {@link #baseModels} is thread-safe; {@link #catchUp} and {@link #poll} belong to one thread.
 */
final class ModelEventsTable implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelEventsTable.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final AvroCodec<ModelEvent> codec = AvroCodec.of(ModelEvent.class);
    private final Map<String, List<String>> baseModels = new ConcurrentHashMap<>();
    private long skipped;

    ModelEventsTable(String bootstrapServers, String topic) {
        this.topic = topic;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hubdex-embedder-events");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Assigns every partition from the beginning and reads to the end offsets as of now (at most {@code timeout}). */
    void catchUp(Duration timeout) {
        List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            poll(Duration.ofMillis(200));
        }
        LOG.info("base models of {} models read from {}", baseModels.size(), topic);
    }

    /** Applies what arrived since the last call. */
    void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            if (r.value() == null) {
                if (r.key() != null) {
                    baseModels.remove(r.key());
                }
                continue;
            }
            try {
                ModelEvent e = codec.decode(r.topic(), r.value());
                List<String> bases = e.getCardData() == null ? List.of()
                        : e.getCardData().getBaseModels().stream().map(CharSequence::toString).toList();
                baseModels.put(e.getModelId().toString(), bases);
            } catch (RuntimeException e) {
                skipped++;
                LOG.warn("skipped undecodable {}/{}/{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
    }

    /** The card's base models of {@code modelId}; empty when none or not known yet. */
    List<String> baseModels(String modelId) {
        return baseModels.getOrDefault(modelId, List.of());
    }

    /** A copy of the table. */
    Map<String, List<String>> snapshot() {
        return new HashMap<>(baseModels);
    }

    long skippedRecords() {
        return skipped;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

package org.hubdex.indexer.embed;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The re-embedding of the records the live consumer had passed before a version started serving: per partition of
 * the tokens topic, offsets {@code [beginning, end)} where {@code end} is the live group's committed offset when the
 * version's first transaction began. Its progress is committed in the embedder's transactions under its own group
 * ({@code <group>-backfill-<version>}), each offset carrying {@code end=<n>} as metadata, so a restarted embedder
 * resumes it with the same bounds and every (model, sha, version) is written once: records before {@code end} by the
 * backfill, records from {@code end} by the live consumer. Not thread-safe: the embedder's loop thread only.
 */
final class Backfill implements AutoCloseable {

    private final String version;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> end = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> start = new HashMap<>();
    private final Deque<ConsumerRecord<String, byte[]>> buffer = new ArrayDeque<>();
    private final boolean resumed;

    /**
     * Opens the backfill of {@code version}: resumed from its committed progress, else bounded by
     * {@code liveCommitted} (the live group's committed offsets now; absent partitions: nothing to backfill).
     */
    Backfill(EmbedderSettings settings, String version, Map<TopicPartition, OffsetAndMetadata> liveCommitted, Duration timeout) {
        this.version = version;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.backfillGroupId(version));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.batchSize()));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "hubdex-embedder-backfill");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(settings.tokensTopic(), timeout).stream()
                .map(i -> new TopicPartition(settings.tokensTopic(), i.partition())).toList();
        consumer.assign(parts);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(parts), timeout);
        boolean any = committed.values().stream().anyMatch(o -> o != null);
        this.resumed = any;
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(parts, timeout);
        for (TopicPartition tp : parts) {
            long b = beginning.getOrDefault(tp, 0L);
            if (any) {
                OffsetAndMetadata o = committed.get(tp);
                long e = o == null ? 0 : parseEnd(o.metadata());
                long at = o == null ? e : Math.max(o.offset(), b);
                end.put(tp, e);
                next.put(tp, Math.min(at, Math.max(e, at)));
            } else {
                OffsetAndMetadata live = liveCommitted.get(tp);
                end.put(tp, live == null ? 0 : live.offset());
                next.put(tp, Math.min(b, end.get(tp)));
            }
            start.put(tp, next.get(tp));
            consumer.seek(tp, next.get(tp));
        }
        for (TopicPartition tp : parts) {
            if (next.get(tp) >= end.get(tp)) {
                consumer.pause(List.of(tp));
            }
        }
    }

    private static long parseEnd(String metadata) {
        if (metadata != null && metadata.startsWith("end=")) {
            return Long.parseLong(metadata.substring(4));
        }
        throw new EmbedderException("backfill offsets without their end: metadata '" + metadata + "'");
    }

    String version() {
        return version;
    }

    /** Whether it continues a backfill a previous run began. */
    boolean resumed() {
        return resumed;
    }

    /** Up to {@code max} records below the bounds (fewer when none are ready now). */
    List<ConsumerRecord<String, byte[]>> next(int max) {
        if (max <= 0 || done()) {
            return List.of();
        }
        if (buffer.isEmpty()) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < end.get(tp)) {
                    buffer.add(r);
                }
            }
            for (TopicPartition tp : consumer.assignment()) {
                if (buffer.stream().noneMatch(r -> r.partition() == tp.partition())) {
                    // passed transaction markers and aborted records up to the consumer's position
                    next.put(tp, Math.max(next.get(tp), Math.min(consumer.position(tp), end.get(tp))));
                    if (next.get(tp) >= end.get(tp)) {
                        consumer.pause(List.of(tp));
                    }
                }
            }
        }
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        while (out.size() < max && !buffer.isEmpty()) {
            ConsumerRecord<String, byte[]> r = buffer.poll();
            out.add(r);
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            next.put(tp, Math.max(next.get(tp), r.offset() + 1));
        }
        return out;
    }

    /** The progress to commit with the transaction: the next offset per partition, with its end as metadata. */
    Map<TopicPartition, OffsetAndMetadata> offsets() {
        return next.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new OffsetAndMetadata(e.getValue(), "end=" + end.get(e.getKey()))));
    }

    ConsumerGroupMetadata groupMetadata() {
        return consumer.groupMetadata();
    }

    /** Rewinds to {@code committed} progress after an aborted transaction. */
    void rewind(Map<TopicPartition, OffsetAndMetadata> committedProgress) {
        buffer.clear();
        committedProgress.forEach((tp, o) -> {
            next.put(tp, o.offset());
            consumer.seek(tp, o.offset());
            if (o.offset() < end.get(tp)) {
                consumer.resume(List.of(tp));
            }
        });
    }

    boolean done() {
        return buffer.isEmpty() && next.entrySet().stream().allMatch(e -> e.getValue() >= end.get(e.getKey()));
    }

    long total() {
        return end.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
    }

    long processed() {
        return next.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

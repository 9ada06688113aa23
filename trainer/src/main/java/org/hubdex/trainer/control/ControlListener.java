package org.hubdex.trainer.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.SchemaException;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.ControlKind;
import org.hubdex.schemas.avro.ControlMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code hub.control} and answers which model version is current: the one whose latest message is
 * MODEL_VERSION_PUBLISHED and was announced last (log order, not the message's clock), so retiring the newest
 * version falls back to the one announced before it, and re-announcing a version makes it current again. Reads
 * every partition from the beginning with no consumer group (each reader needs the whole topic, which compaction
 * keeps small), {@code read_committed}. A tombstone forgets its version; a value that does not decode is logged,
 * counted in {@link #skippedRecords()} and passed over, so one bad record cannot stop the embedder.
 *
 * <p>Lifecycle: construct, {@link #catchUp} once (reads what the topic holds now), then {@link #poll} in the
 * serving loop to see new announcements, {@link #close()}. Not thread-safe (one thread polls, like a Kafka consumer).
 */
public final class ControlListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);
    private static final AvroCodec<ControlMessage> CODEC = AvroCodec.of(ControlMessage.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    /** The latest message of each version, in the order of those messages in the log. */
    private final LinkedHashMap<String, ControlMessage> latest = new LinkedHashMap<>();
    private List<TopicPartition> partitions;
    private long skipped;

    /** A listener on {@code topic} ({@link Topic#CONTROL}'s name, or a test's own). */
    public ControlListener(String bootstrapServers, String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "hubdex-control-listener");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a listener must not create the topic (with the broker's defaults, uncompacted) by asking for it
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A listener on the catalogue's {@code hub.control}. */
    public static ControlListener create(String bootstrapServers) {
        return new ControlListener(bootstrapServers, Topic.CONTROL.topicName());
    }

    /**
     * Reads the topic up to its end as of this call and returns the current version's message.
     *
     * @throws ControlTopicUnavailableException the topic does not exist, or its end was not reached within {@code timeout}
     */
    public Optional<ControlMessage> catchUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        assign(timeout);
        Map<TopicPartition, Long> end;
        try {
            end = consumer.endOffsets(partitions, remaining(deadline));
        } catch (KafkaException e) {
            throw new ControlTopicUnavailableException("cannot read the end offsets of " + topic + ": " + e, e);
        }
        while (!reached(end)) {
            Duration left = remaining(deadline);
            if (left.isZero()) {
                throw new ControlTopicUnavailableException("did not read " + topic + " to its end " + end + " within " + timeout);
            }
            readOnce(left.compareTo(Duration.ofMillis(200)) < 0 ? left : Duration.ofMillis(200));
        }
        return current();
    }

    /** Reads what has arrived (waiting up to {@code timeout} for something) and returns the current version's message. */
    public Optional<ControlMessage> poll(Duration timeout) {
        assign(timeout);
        readOnce(timeout);
        return current();
    }

    /** The message of the current version: the last announced version still published. */
    public Optional<ControlMessage> current() {
        ControlMessage found = null;
        for (ControlMessage m : latest.values()) {
            if (m.getKind() == ControlKind.MODEL_VERSION_PUBLISHED) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The latest message of every version read so far, in announcement order. */
    public Map<String, ControlMessage> latestByVersion() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(latest));
    }

    /** Records passed over because their key was missing or their value did not decode. */
    public long skippedRecords() {
        return skipped;
    }

    private void assign(Duration timeout) {
        if (partitions != null) {
            return;
        }
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (KafkaException e) {
            throw new ControlTopicUnavailableException("cannot find the partitions of " + topic + ": " + e, e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new ControlTopicUnavailableException(topic + " does not exist (ops/stack up creates it)");
        }
        partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private void readOnce(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            apply(record);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String version = record.key();
        if (version == null) {
            skip(record, "it has no key (the version)");
            return;
        }
        if (record.value() == null) {
            latest.remove(version);
            LOG.info("Control topic {}: tombstone for {} at {}-{}", topic, version, record.partition(), record.offset());
            return;
        }
        ControlMessage message;
        try {
            message = CODEC.decode(topic, record.value());
        } catch (SchemaException e) {
            skip(record, e.getMessage());
            return;
        }
        if (!version.equals(message.getModelVersion())) {
            LOG.warn("Control topic {} at {}-{}: key {} but modelVersion {}; the key decides (compaction keeps one per key)",
                    topic, record.partition(), record.offset(), version, message.getModelVersion());
        }
        latest.remove(version);
        latest.put(version, message);
        LOG.debug("Control topic {}: {} {} at {}-{}", topic, message.getKind(), version, record.partition(), record.offset());
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        skipped++;
        LOG.error("Control topic {}: skipping the record at {}-{}: {}", topic, record.partition(), record.offset(), why);
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Duration remaining(Instant deadline) {
        Duration d = Duration.between(Instant.now(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}

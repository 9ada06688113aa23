package org.hubdex.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.hubdex.schemas.Topic;
import org.hubdex.stack.LocalStack;

/**
 * A handle on the real broker of a test run: where it listens, and helpers to create topics and
 * client configurations. Thread-safe. Obtained as a parameter in classes annotated {@link RealKafka}.
 */
public final class KafkaCluster {

    private static final AtomicInteger TOPIC_COUNTER = new AtomicInteger();

    private final String bootstrapServers;

    KafkaCluster(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** {@code host:port[,host:port]} of the broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * A topic name no other test of this run uses, e.g. {@code it-hub.model-events-7}: tests share
     * one broker, so each creates its own topics rather than cleaning shared ones.
     */
    public String uniqueTopic(String prefix) {
        return "it-" + prefix + "-" + TOPIC_COUNTER.incrementAndGet();
    }

    /** Creates a topic with the catalogue's partitions and configs of {@code like} under another name. */
    public String createTopicLike(Topic like, String name) {
        createTopic(name, like.partitions(), like.configs());
        return name;
    }

    /**
     * Creates a topic with the broker's default replication factor (1 here) and returns once the
     * broker serves it, through the same code as {@code ops/stack up}; an existing topic of that name
     * is left as it is.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        LocalStack.createTopic(bootstrapServers, name, partitions, configs, Duration.ofSeconds(30));
    }

    /** Producer configuration with the project's defaults: idempotent, {@code acks=all}. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    /** Consumer configuration reading committed data from the earliest offset, without auto-commit. */
    public Map<String, Object> consumerProperties(String groupId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    /** How long a test should wait for records to arrive before failing. */
    public static Duration defaultAwait() {
        return Duration.ofSeconds(30);
    }
}

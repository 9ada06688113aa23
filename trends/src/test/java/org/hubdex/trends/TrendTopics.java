package org.hubdex.trends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.TrendKind;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.testing.KafkaCluster;

/** Topics of one IT and readers of what the application committed to them. */
final class TrendTopics {

    private TrendTopics() {
    }

    /** Fresh events, trends and dead-letter topics with the catalogue's configuration. */
    static TrendsTopics create(KafkaCluster kafka, String prefix) {
        return new TrendsTopics(kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic(prefix + "-events")),
                kafka.createTopicLike(Topic.TRENDS, kafka.uniqueTopic(prefix + "-trends")),
                kafka.createTopicLike(Topic.DEAD_LETTERS, kafka.uniqueTopic(prefix + "-dead-letters")));
    }

    /** Every committed record value of {@code topic}, decoded with {@code codec}, in partition order. */
    static <T extends org.apache.avro.specific.SpecificRecord> List<T> committed(String bootstrap, String topic, AvroCodec<T> codec) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(codec.decode(topic, r.value()));
                }
            }
        }
        return values;
    }

    /**
     * The final counts a reader of {@code hub.trends} sees: the last COUNT record of each key, window size and start
     * (records of one key are in one partition, in order), without zeros: "key@size@start" → count.
     */
    static Map<String, Long> finalCounts(String bootstrap, String topic) {
        Map<String, Long> counts = new TreeMap<>();
        for (TrendRecord r : committed(bootstrap, topic, AvroCodec.of(TrendRecord.class))) {
            if (r.getKind() == TrendKind.COUNT) {
                counts.put(r.getDimension() + "=" + r.getValue() + "@" + r.getWindowSizeMs() + "@" + r.getWindowStart(), r.getCount());
            }
        }
        counts.values().removeIf(n -> n == 0);
        return counts;
    }
}

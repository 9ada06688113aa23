package org.hubdex.crawler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.avro.ModelEvent;

/** Reads every committed record of an events topic, as a downstream read_committed consumer sees them. */
final class CommittedEvents {

    private CommittedEvents() {
    }

    static List<ModelEvent> read(String bootstrap, String topic) {
        return read(bootstrap, topic, "read_committed");
    }

    static List<ModelEvent> read(String bootstrap, String topic, String isolation) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        AvroCodec<ModelEvent> codec = AvroCodec.of(ModelEvent.class);
        List<ModelEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ModelEvent e = codec.decode(topic, r.value());
                    if (!r.key().equals(e.getModelId())) {
                        throw new AssertionError("record key " + r.key() + " is not the model id " + e.getModelId());
                    }
                    events.add(e);
                }
            }
        }
        return events;
    }
}

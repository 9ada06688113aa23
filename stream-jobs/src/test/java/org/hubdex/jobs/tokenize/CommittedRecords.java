package org.hubdex.jobs.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.testing.KafkaCluster;

/** Reads a topic's committed records ({@code read_committed}) from the beginning up to the last stable offset. */
final class CommittedRecords {

    private CommittedRecords() {
    }

    static <T extends SpecificRecord> List<T> read(KafkaCluster kafka, String topic, Class<T> type) {
        AvroCodec<T> codec = AvroCodec.of(type);
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                kafka.consumerProperties("it-reader-" + UUID.randomUUID()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + KafkaCluster.defaultAwait().toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read %s to %s", topic, end).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(codec.decode(topic, r.value())));
            }
        }
        return records;
    }
}

package org.hubdex.trends.internal;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.hubdex.trends.TrendsSettings;
import org.hubdex.trends.TrendsTopics;

/** The Kafka Streams configuration of the application, from its typed settings: the one place that writes it. */
public final class StreamsProperties {

    private StreamsProperties() {
    }

    /** Properties for an instance whose HTTP API listens on {@code httpPort} (the actual port, not 0). */
    public static Properties of(TrendsSettings s, TrendsTopics topics, int httpPort) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.standbyReplicas());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
        // the HTTP API's address: Kafka Streams tells every instance which host owns which store partition
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.advertisedHost() + ":" + httpPort);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        p.put(BoundedRocksDbMemory.MEMORY_CONFIG, String.valueOf((long) s.rocksDbMemoryMb() << 20));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnBadRecord.class);
        p.put(DeadLetterOnBadRecord.TOPIC_CONFIG, topics.deadLetters());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1); // the broker's default
        // a new instance (or a fresh application id) reads the events from the beginning
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), (int) s.sessionTimeout().toMillis());
        p.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), (int) Math.max(1000, s.sessionTimeout().toMillis() / 3));
        // the broker caps transactions at 15 minutes; keep well under it
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        return p;
    }
}

package org.hubdex.jobs;

import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once Flink {@link KafkaSink}s for Hubdex topics. Records are written in a Kafka transaction
 * per checkpoint and become visible to {@code read_committed} consumers only when the checkpoint
 * completes; after a failure, Flink restores the last checkpoint and aborts the open transactions, so
 * nothing is duplicated or lost.
 *
 * <p>Settings and why:
 * <ul>
 *   <li>{@link DeliveryGuarantee#EXACTLY_ONCE}; needs checkpointing ({@link JobEnvironment} enables it).</li>
 *   <li>a transactional id prefix unique to the job and sink: two sinks sharing one abort each other's
 *       transactions (fencing).</li>
 *   <li>{@code transaction.timeout.ms} = {@link #TRANSACTION_TIMEOUT}: Flink's default (1 h) exceeds
 *       the broker's {@code transaction.max.timeout.ms} (15 min), which makes the producer fail; a
 *       transaction must outlive one checkpoint interval plus the checkpoint itself.</li>
 *   <li>{@code max.request.size} = {@link #MAX_REQUEST_SIZE} (16 MiB), the largest value any Hubdex
 *       topic accepts ({@code max.message.bytes} of {@code hub.weight-tokens}): token batches of a large
 *       model are several MB.</li>
 * </ul>
 */
public final class KafkaSinks {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinks.class);

    /** Transaction timeout of every exactly-once sink; checkpoints must come well within it. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

    /** Producer {@code max.request.size}: equal to {@code hub.weight-tokens}' {@code max.message.bytes}. */
    public static final int MAX_REQUEST_SIZE =
            Integer.parseInt(Topic.WEIGHT_TOKENS.configs().get("max.message.bytes"));

    private KafkaSinks() {
    }

    /**
     * An exactly-once sink builder writing {@code type} records to {@code topic}, keyed by {@code key}.
     * Call {@code build()} on it (after overriding anything you need).
     *
     * @param transactionalIdPrefix unique per job and sink, e.g. {@code hubdex-tokenize-tokens}
     */
    public static <T extends SpecificRecord> KafkaSinkBuilder<T> exactlyOnce(String bootstrapServers, String topic,
            Class<T> type, KeyExtractor<T> key, String transactionalIdPrefix) {
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()
                || !transactionalIdPrefix.equals(transactionalIdPrefix.strip())) {
            throw new IllegalArgumentException("transactionalIdPrefix must be a non-blank name without surrounding"
                    + " spaces, unique per job and sink (e.g. hubdex-tokenize-tokens); got '" + transactionalIdPrefix + "'");
        }
        LOG.info("Exactly-once Kafka sink to {}: transactional id prefix {}, transaction.timeout.ms {}, max.request.size {}",
                topic, transactionalIdPrefix, TRANSACTION_TIMEOUT.toMillis(), MAX_REQUEST_SIZE);
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new AvroRecordSerializer<>(topic, type, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_SIZE));
    }

    /**
     * An exactly-once sink builder for dead letters (usually to {@code hub.dead-letters}), keyed by
     * the failed record's key.
     */
    public static KafkaSinkBuilder<DeadLetter> deadLetters(String bootstrapServers, String topic,
            String transactionalIdPrefix) {
        return exactlyOnce(bootstrapServers, topic, DeadLetter.class, DeadLetter::getKey, transactionalIdPrefix);
    }
}

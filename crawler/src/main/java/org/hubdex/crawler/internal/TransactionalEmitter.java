package org.hubdex.crawler.internal;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.crawler.CrawlerFencedException;
import org.hubdex.crawler.PageNotCommittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one page's records (events, dead letters, crawler state) in one Kafka transaction: either
 * all of them become visible to {@code read_committed} readers, or none. The transactional id is
 * fixed per crawler, so a restarted crawler fences its predecessor and aborts whatever that one left
 * open: a crawler killed mid-page leaves nothing behind that a reader could see.
 *
 * <p>Idempotent producer, {@code acks=all}. Not thread-safe.
 */
public final class TransactionalEmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalEmitter.class);

    private final Properties props;
    private final String transactionalId;
    private KafkaProducer<String, byte[]> producer;

    public TransactionalEmitter(String bootstrapServers, String transactionalId, Duration transactionTimeout) {
        this.transactionalId = transactionalId;
        props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeout.toMillis()));
        // a broker restart should stall a page, not fail it at once; the crawler retries failed pages anyway
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    }

    /** Creates the producer and fences any predecessor with the same transactional id. */
    public void start() {
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (ProducerFencedException e) {
            throw fenced(e);
        } catch (KafkaException e) {
            closeQuietly();
            throw new PageNotCommittedException("could not initialise transactions for " + transactionalId + ": " + e.getMessage(), e);
        }
    }

    /** Sends all records in one transaction and commits it; on failure nothing of it is visible. */
    public void commit(List<ProducerRecord<String, byte[]>> records) {
        if (producer == null) {
            start();
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record);
            }
            producer.commitTransaction(); // flushes, and throws if any send failed
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            closeQuietly();
            throw fenced(e);
        } catch (OutOfOrderSequenceException | AuthorizationException e) {
            // fatal for this producer instance: start a fresh one for the retry
            closeQuietly();
            throw new PageNotCommittedException("transaction of " + records.size() + " records failed: " + e, e);
        } catch (KafkaException e) {
            abortOrReset(e);
            throw new PageNotCommittedException("transaction of " + records.size() + " records failed: " + e, e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void abortOrReset(KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailed) {
            LOG.warn("abort after '{}' failed too ({}); starting a new producer for the retry", cause.getMessage(), abortFailed.toString());
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("producer close failed", e);
            }
            producer = null;
        }
    }

    private CrawlerFencedException fenced(KafkaException e) {
        return new CrawlerFencedException("another crawler took over transactional id '" + transactionalId
                + "'; two crawlers must not share a crawler id", e);
    }
}

package org.hubdex.trainer.control;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.AvroSerializer;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.ControlKind;
import org.hubdex.schemas.avro.ControlMessage;
import org.hubdex.trainer.registry.ModelRegistry;
import org.hubdex.trainer.registry.VersionManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces model versions on {@code hub.control}: one {@link ControlMessage} per change, keyed by the version (the
 * topic is compacted, so the latest message of each version survives), and returns only once the broker has
 * acknowledged it (idempotent producer, {@code acks=all}). Announce after the registry holds the version: a reader
 * of the message loads it from {@code registryUri}. Not transactional: each announcement is one record, and
 * re-announcing is harmless.
 *
 * <p>Lifecycle: construct, announce any number of times, {@link #close()}. Thread-safe (the Kafka producer is).
 */
public final class ControlAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlAnnouncer.class);

    private final String topic;
    private final Duration ackTimeout;
    private final Clock clock;
    private final KafkaProducer<String, ControlMessage> producer;

    /**
     * @param bootstrapServers the brokers
     * @param topic the control topic: {@link Topic#CONTROL}'s name, or a test's own
     * @param ackTimeout how long an announcement may wait for the broker's acknowledgement, metadata included
     * @param clock stamps {@code publishedAt}
     */
    public ControlAnnouncer(String bootstrapServers, String topic, Duration ackTimeout, Clock clock) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ackTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("ackTimeout must be at least 1s, got " + ackTimeout);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "hubdex-trainer-control");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        long timeout = ackTimeout.toMillis();
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(30_000L, timeout)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer<>(ControlMessage.class));
    }

    /** An announcer on the catalogue's {@code hub.control}. */
    public static ControlAnnouncer create(String bootstrapServers, Duration ackTimeout) {
        return new ControlAnnouncer(bootstrapServers, Topic.CONTROL.topicName(), ackTimeout, Clock.systemUTC());
    }

    /** Announces a complete registry version as published, with its manifest's metrics and components. */
    public Announcement published(ModelRegistry registry, String version) {
        VersionManifest m = registry.manifest(version);
        return published(version, registry.path(version).toUri(), m.metrics(), m.components());
    }

    /** Announces {@code version} as published: it passed the gate and may serve. */
    public Announcement published(String version, URI registryUri, Map<String, Double> metrics, Map<String, String> components) {
        return send(message(ControlKind.MODEL_VERSION_PUBLISHED, version, registryUri, metrics, components));
    }

    /** Announces a registry version as retired: readers stop using it. */
    public Announcement retired(ModelRegistry registry, String version) {
        return retired(version, registry.path(version).toUri());
    }

    /** Announces {@code version} as retired. */
    public Announcement retired(String version, URI registryUri) {
        return send(message(ControlKind.MODEL_VERSION_RETIRED, version, registryUri, Map.of(), Map.of()));
    }

    private ControlMessage message(ControlKind kind, String version, URI registryUri, Map<String, Double> metrics,
            Map<String, String> components) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a control message needs a version");
        }
        Objects.requireNonNull(registryUri, "registryUri");
        return ControlMessage.newBuilder()
                .setKind(kind)
                .setModelVersion(version)
                .setRegistryUri(registryUri.toString())
                .setPublishedAt(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .setMetrics(Map.copyOf(metrics))
                .setComponents(Map.copyOf(components))
                .build();
    }

    private Announcement send(ControlMessage message) {
        String what = message.getKind() + " of " + message.getModelVersion() + " on " + topic;
        try {
            RecordMetadata meta = producer.send(new ProducerRecord<>(topic, message.getModelVersion(), message))
                    // the producer's delivery timeout fails the future first; this only guards against a hang
                    .get(ackTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            LOG.info("Announced {} at offset {}-{} ({})", what, meta.partition(), meta.offset(), message.getRegistryUri());
            return new Announcement(message, meta.partition(), meta.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnnouncementFailedException(what + " was interrupted before the broker acknowledged it", e);
        } catch (ExecutionException e) {
            throw new AnnouncementFailedException(what + " was not acknowledged within " + ackTimeout + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AnnouncementFailedException(what + " was not acknowledged within " + ackTimeout, e);
        } catch (KafkaException e) {
            throw new AnnouncementFailedException(what + " could not be sent: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

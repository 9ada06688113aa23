package org.hubdex.trainer.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.ControlKind;
import org.hubdex.schemas.avro.ControlMessage;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.hubdex.trainer.registry.ModelRegistry;
import org.hubdex.trainer.registry.TrainingDataSnapshot;
import org.hubdex.trainer.registry.VersionManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Announcements on a real broker, on a topic configured like {@code hub.control} (compacted, one partition): the
 * listener reports the latest published version, also when started after the fact, reading from the beginning.
 */
@RealKafka
class ControlAnnouncerIT {

    private static final Duration WAIT = KafkaCluster.defaultAwait();

    @TempDir
    Path tmp;

    @Test
    void theListenerReportsTheLatestPublishedVersionAndALateListenerAgrees(KafkaCluster kafka) throws IOException {
        String topic = kafka.createTopicLike(Topic.CONTROL, kafka.uniqueTopic(Topic.CONTROL.topicName()));
        ModelRegistry registry = ModelRegistry.open(tmp.resolve("registry"));
        String v1 = publish(registry, Instant.parse("2026-11-25T19:04:05Z"), 0.70);
        String v2 = publish(registry, Instant.parse("2026-11-25T19:04:05Z"), 0.75);
        assertThat(v2).isEqualTo(v1 + "-1");

        try (ControlAnnouncer announcer = new ControlAnnouncer(kafka.bootstrapServers(), topic, WAIT, Clock.systemUTC());
                ControlListener listener = new ControlListener(kafka.bootstrapServers(), topic)) {
            assertThat(listener.catchUp(WAIT)).as("nothing announced yet").isEmpty();

            Announcement a1 = announcer.published(registry, v1);
            assertThat(a1.message().getKind()).isEqualTo(ControlKind.MODEL_VERSION_PUBLISHED);
            assertThat(a1.message().getRegistryUri()).startsWith("file:").isEqualTo(registry.path(v1).toUri().toString());
            assertThat(Path.of(URI.create(a1.message().getRegistryUri())).resolve("MANIFEST.json")).exists();
            assertThat(a1.message().getMetrics()).isEqualTo(registry.manifest(v1).metrics());
            assertThat(a1.message().getComponents()).containsEntry(VersionManifest.BACKBONE, "backbone-" + v1);
            assertThat(pollUntil(listener, c -> c.isPresent())).map(ControlMessage::getModelVersion).contains(v1);

            Announcement a2 = announcer.published(registry, v2);
            assertThat(a2.offset()).isGreaterThan(a1.offset());
            registry.retire(v1);
            Announcement r1 = announcer.retired(registry, v1);
            assertThat(r1.message().getKind()).isEqualTo(ControlKind.MODEL_VERSION_RETIRED);

            assertThat(pollUntil(listener, c -> listener.latestByVersion().get(v1).getKind() == ControlKind.MODEL_VERSION_RETIRED))
                    .map(ControlMessage::getModelVersion).contains(v2);
        }

        try (ControlListener late = new ControlListener(kafka.bootstrapServers(), topic)) {
            Optional<ControlMessage> current = late.catchUp(WAIT);
            assertThat(current).map(ControlMessage::getModelVersion).contains(v2);
            assertThat(current.orElseThrow().getMetrics()).containsEntry("recall@10", 0.75);
            assertThat(late.latestByVersion().keySet()).as("in announcement order").containsExactly(v2, v1);
            assertThat(late.latestByVersion().get(v1).getKind()).isEqualTo(ControlKind.MODEL_VERSION_RETIRED);
            assertThat(late.skippedRecords()).isZero();
        }
    }

    @Test
    void retiringTheNewestFallsBackToTheVersionAnnouncedBeforeAndReannouncingRestoresIt(KafkaCluster kafka) {
        String topic = kafka.createTopicLike(Topic.CONTROL, kafka.uniqueTopic(Topic.CONTROL.topicName()));
        try (ControlAnnouncer announcer = new ControlAnnouncer(kafka.bootstrapServers(), topic, WAIT, Clock.systemUTC())) {
            announcer.published("a", URI.create("file:///registry/a/"), Map.of("recall@10", 0.7), Map.of());
            announcer.published("b", URI.create("file:///registry/b/"), Map.of("recall@10", 0.6), Map.of());
            announcer.retired("b", URI.create("file:///registry/b/"));
            try (ControlListener late = new ControlListener(kafka.bootstrapServers(), topic)) {
                assertThat(late.catchUp(WAIT)).map(ControlMessage::getModelVersion).contains("a");
                announcer.published("b", URI.create("file:///registry/b/"), Map.of("recall@10", 0.6), Map.of());
                assertThat(pollUntil(late, c -> c.map(m -> m.getModelVersion().equals("b")).orElse(false)))
                        .map(ControlMessage::getModelVersion).contains("b");
                announcer.retired("a", URI.create("file:///registry/a/"));
                announcer.retired("b", URI.create("file:///registry/b/"));
                assertThat(pollUntil(late, Optional::isEmpty)).as("every version retired: none is current").isEmpty();
            }
        }
    }

    @Test
    void anUndecodableRecordIsSkippedAndATombstoneForgetsItsVersion(KafkaCluster kafka) throws Exception {
        String topic = kafka.createTopicLike(Topic.CONTROL, kafka.uniqueTopic(Topic.CONTROL.topicName()));
        try (ControlAnnouncer announcer = new ControlAnnouncer(kafka.bootstrapServers(), topic, WAIT, Clock.systemUTC());
                KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            announcer.published("a", URI.create("file:///registry/a/"), Map.of(), Map.of());
            raw.send(new ProducerRecord<>(topic, "junk", new byte[] {1, 2, 3})).get();
            announcer.published("b", URI.create("file:///registry/b/"), Map.of(), Map.of());
            raw.send(new ProducerRecord<>(topic, "b", null)).get();
        }
        try (ControlListener late = new ControlListener(kafka.bootstrapServers(), topic)) {
            assertThat(late.catchUp(WAIT)).map(ControlMessage::getModelVersion).contains("a");
            assertThat(late.skippedRecords()).isEqualTo(1);
            assertThat(late.latestByVersion().keySet()).containsExactly("a");
        }
    }

    @Test
    void aMissingTopicIsATypedErrorAndIsNotCreated(KafkaCluster kafka) {
        String topic = kafka.uniqueTopic("never-created");
        for (int attempt = 0; attempt < 2; attempt++) { // the first listener's metadata request did not create it
            try (ControlListener listener = new ControlListener(kafka.bootstrapServers(), topic)) {
                assertThatThrownBy(() -> listener.catchUp(Duration.ofSeconds(5)))
                        .isInstanceOf(ControlTopicUnavailableException.class).hasMessageContaining(topic);
            }
        }
    }

    private static Optional<ControlMessage> pollUntil(ControlListener listener, Predicate<Optional<ControlMessage>> done) {
        Instant deadline = Instant.now().plus(WAIT);
        Optional<ControlMessage> current = listener.current();
        while (!done.test(current) && Instant.now().isBefore(deadline)) {
            current = listener.poll(Duration.ofMillis(200));
        }
        assertThat(done.test(current)).as("the listener reached the expected state within %s; current: %s", WAIT, current).isTrue();
        return current;
    }

    private String publish(ModelRegistry registry, Instant trainedAt, double recall) throws IOException {
        String v = registry.newVersionId(trainedAt);
        Path staged = Files.createDirectories(tmp.resolve("staged-" + v));
        Files.writeString(staged.resolve("backbone.params"), "weights of " + v);
        registry.publish(v, staged, VersionManifest.builder().setVersion(v).setCreatedAt(trainedAt)
                .setTrainingData(new TrainingDataSnapshot(2, Map.of("acme/base", 2L),
                        TrainingDataSnapshot.contentHash(List.of(Map.entry("acme/base", "s1"), Map.entry("acme/ft", "s2")))))
                .optComponent(VersionManifest.BACKBONE, "backbone-" + v)
                .optMetric("recall@10", recall)
                .optPreviousVersion(registry.current())
                .build());
        return v;
    }
}

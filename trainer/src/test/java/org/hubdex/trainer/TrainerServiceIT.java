package org.hubdex.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.HubClientConfig;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.ControlKind;
import org.hubdex.schemas.avro.ControlMessage;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.hubdex.trainer.control.ControlListener;
import org.hubdex.trainer.corpus.CorpusSettings;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.corpus.TinyZoo;
import org.hubdex.trainer.corpus.ZooFolderCorpus;
import org.hubdex.trainer.registry.ModelRegistry;
import org.hubdex.trainer.training.TrainOnceTest;
import org.hubdex.weightspace.modelset.ModelSet;
import org.hubdex.weightspace.text.MiniLmTextEncoder;
import org.hubdex.weightspace.text.TextEncoder;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's wiring on the real broker: with a corpus and no version yet, the retrain loop trains at once,
 * publishes to the registry and announces on the control topic; a restarted service announces the current version
 * again (the answer to a crash between publishing and announcing).
 */
@RealKafka
class TrainerServiceIT {

    @TempDir
    Path tmp;

    @Test
    void trainsPublishesAndAnnouncesThenReannouncesAfterARestart(KafkaCluster kafka) throws Exception {
        String control = kafka.createTopicLike(Topic.CONTROL, kafka.uniqueTopic("control"));
        String events = kafka.createTopicLike(Topic.MODEL_EVENTS, kafka.uniqueTopic("events"));
        String tokens = kafka.createTopicLike(Topic.WEIGHT_TOKENS, kafka.uniqueTopic("tokens"));
        String deadLetters = kafka.createTopicLike(Topic.DEAD_LETTERS, kafka.uniqueTopic("dead"));
        Map<String, String> env = Map.of("HUBDEX_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "HUBDEX_TRAINER_REGISTRY_DIR", tmp.resolve("registry").toString(),
                "HUBDEX_CORPUS_DIR", tmp.resolve("corpus").toString(),
                "HUBDEX_CORPUS_GROUP", kafka.uniqueTopic("group"),
                "HUBDEX_TRAINER_CHECK_INTERVAL", "1s",
                "HUBDEX_TRAINER_GATE_METRICS", "router.accuracy:higher:0.0");
        TrainerSettings settings = TrainerSettings.fromEnvironment(env);
        CorpusSettings corpusSettings = CorpusSettings.fromEnvironment(env).withTopics(events, tokens, deadLetters);

        try (CorpusStore corpus = CorpusStore.open(corpusSettings.dir());
                TextEncoder encoder = MiniLmTextEncoder.load();
                // no model events arrive in this test, so the hub is never asked
                HubClient hub = HubClientConfig.fromEnvironment(Map.of()).newClientBuilder()
                        .optEndpoint(URI.create("http://127.0.0.1:9")).build();
                ControlListener listener = new ControlListener(kafka.bootstrapServers(), control)) {
            new ZooFolderCorpus(corpus, corpusSettings, TokenizerConfig.DEFAULT, Clock.systemUTC()).build(TinyZoo.folder());

            Optional<ControlMessage> announced = runUntilAnnounced(settings, corpusSettings, corpus, encoder, hub, control,
                    listener, Duration.ofMinutes(6));
            assertThat(announced).isPresent();
            ModelRegistry registry = ModelRegistry.open(settings.registryDir());
            String version = registry.current().orElseThrow();
            assertThat(announced.get().getModelVersion()).isEqualTo(version);
            assertThat(announced.get().getKind()).isEqualTo(ControlKind.MODEL_VERSION_PUBLISHED);
            assertThat(announced.get().getMetrics()).containsKey("router.accuracy");
            try (ModelSet set = ModelSet.load(Path.of(URI.create(announced.get().getRegistryUri())))) {
                assertThat(set.experts()).isNotEmpty();
            }
            assertThat(tmp.resolve("reports").resolve("train-" + version + ".md")).exists();

            // a restart announces the current version again before anything else
            long before = listener.latestByVersion().size();
            TrainerService again = new TrainerService(settings, corpusSettings, TrainOnceTest.smallConfig(),
                    tmp.resolve("reports"), hub, corpus, encoder, control);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    again.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            thread.start();
            Optional<ControlMessage> reannounced = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline && reannounced.isEmpty()) {
                reannounced = listener.poll(Duration.ofSeconds(1)).filter(m -> m.getModelVersion().equals(version));
            }
            again.stop();
            thread.join(Duration.ofMinutes(2).toMillis());
            assertThat(failure.get()).isNull();
            assertThat(reannounced).as("the current version announced again (%d versions seen before)", before).isPresent();
        }
    }

    private Optional<ControlMessage> runUntilAnnounced(TrainerSettings settings, CorpusSettings corpusSettings,
            CorpusStore corpus, TextEncoder encoder, HubClient hub, String control, ControlListener listener, Duration timeout)
            throws InterruptedException {
        TrainerService service = new TrainerService(settings, corpusSettings, TrainOnceTest.smallConfig(),
                tmp.resolve("reports"), hub, corpus, encoder, control);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                service.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "trainer-service-under-test");
        thread.start();
        Optional<ControlMessage> seen = Optional.empty();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && seen.isEmpty() && failure.get() == null) {
            seen = listener.poll(Duration.ofSeconds(2));
        }
        service.stop();
        thread.join(Duration.ofMinutes(2).toMillis());
        assertThat(failure.get()).isNull();
        assertThat(thread.isAlive()).as("the service stops when asked").isFalse();
        return seen;
    }
}

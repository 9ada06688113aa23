package org.hubdex.trainer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.hubdex.hub.HubClient;
import org.hubdex.trainer.control.ControlAnnouncer;
import org.hubdex.trainer.corpus.CorpusIngestor;
import org.hubdex.trainer.corpus.CorpusSettings;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.registry.ModelRegistry;
import org.hubdex.trainer.schedule.RetrainLoop;
import org.hubdex.trainer.training.TrainOnce;
import org.hubdex.trainer.training.TrainingConfig;
import org.hubdex.weightspace.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer service ({@code ops/trainer}): the corpus ingestor on its own thread, filling the corpus from
 * {@code hub.model-events} and {@code hub.weight-tokens}, and the retrain loop on the calling thread, training
 * ({@link TrainOnce}) when the schedule or the count of new corpus entries says so. On start it announces the
 * registry's current version again: a crash between publishing and announcing would otherwise leave the embedder
 * on the version before.
 *
 * <p>{@link #run} blocks until {@link #stop}; the caller owns the hub client, corpus and text encoder.
 */
public final class TrainerService {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

    private final TrainerSettings settings;
    private final CorpusSettings corpusSettings;
    private final TrainingConfig config;
    private final Path reports;
    private final HubClient hub;
    private final CorpusStore corpus;
    private final TextEncoder encoder;
    private final String controlTopic;
    private volatile RetrainLoop loop;
    private volatile CorpusIngestor ingestor;
    private volatile boolean stopped;

    public TrainerService(TrainerSettings settings, CorpusSettings corpusSettings, TrainingConfig config, Path reports,
            HubClient hub, CorpusStore corpus, TextEncoder encoder, String controlTopic) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.corpusSettings = Objects.requireNonNull(corpusSettings, "corpusSettings");
        this.config = Objects.requireNonNull(config, "config");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.corpus = Objects.requireNonNull(corpus, "corpus");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.controlTopic = Objects.requireNonNull(controlTopic, "controlTopic");
    }

    /** Runs until {@link #stop}. */
    public void run() throws InterruptedException {
        ModelRegistry registry = ModelRegistry.open(settings.registryDir());
        TrainOnce.Announcer announcer = announcer(settings, controlTopic);
        registry.current().ifPresent(v -> announcer.published(registry, v));
        try (CorpusIngestor ingest = CorpusIngestor.builder().setSettings(corpusSettings).setStore(corpus).setHubClient(hub)
                .build()) {
            ingestor = ingest;
            TrainOnce trainOnce = new TrainOnce(corpus, registry, settings.qualityGate(), config, encoder, announcer, reports,
                    Clock.systemUTC());
            loop = RetrainLoop.builder().optPolicy(settings.retrainPolicy()).optCheckInterval(settings.checkInterval())
                    .setAction(trainOnce::run).setNewEntryCounter(corpus::countSince)
                    .optLastTraining(registry.current().map(v -> registry.manifest(v).createdAt())).build();
            Thread ingestThread = new Thread(ingest::run, "corpus-ingestor");
            ingestThread.setDaemon(true);
            ingestThread.start();
            LOG.info("Trainer service: corpus {} ({} models), registry {} (current {})", corpusSettings.dir(), corpus.count(),
                    settings.registryDir(), registry.current().orElse("none"));
            if (!stopped) {
                loop.run();
            }
            ingest.stop();
            ingestThread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** Stops the loop (after a training in progress) and the ingestor. */
    public void stop() {
        stopped = true;
        RetrainLoop l = loop;
        if (l != null) {
            l.stop();
        }
        CorpusIngestor i = ingestor;
        if (i != null) {
            i.stop();
        }
    }

    /** Announces on {@code hub.control}; a failure is logged, and the version stays published (re-announced on start). */
    static TrainOnce.Announcer announcer(TrainerSettings settings, String topic) {
        return (registry, version) -> {
            try (ControlAnnouncer announcer = new ControlAnnouncer(settings.bootstrapServers(), topic, settings.ackTimeout(),
                    Clock.systemUTC())) {
                announcer.published(registry, version);
            } catch (RuntimeException e) {
                LOG.warn("{} is published in {} but could not be announced on hub.control: {}", version, registry.root(),
                        e.toString());
            }
        };
    }
}

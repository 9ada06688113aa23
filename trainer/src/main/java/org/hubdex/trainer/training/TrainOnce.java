package org.hubdex.trainer.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hubdex.trainer.corpus.CorpusEntry;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.corpus.internal.DurableFiles;
import org.hubdex.trainer.gate.GateVerdict;
import org.hubdex.trainer.gate.QualityGate;
import org.hubdex.trainer.registry.ModelRegistry;
import org.hubdex.trainer.registry.TrainingDataSnapshot;
import org.hubdex.trainer.registry.VersionManifest;
import org.hubdex.trainer.schedule.TrainingOutcome;
import org.hubdex.weightspace.text.TextEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining, start to end: read the corpus, train a model set ({@link TrainingPipeline}), gate it against
 * the current version's held-out metrics, publish it to the registry when it passes, tell the {@link Announcer},
 * and write the run's report. Used by {@code ops/train --once} and by the trainer service's retrain loop.
 */
public final class TrainOnce {

    private static final Logger LOG = LoggerFactory.getLogger(TrainOnce.class);

    /** Tells the rest of the pipeline about a published version (the {@code hub.control} announcement). */
    @FunctionalInterface
    public interface Announcer {
        /** Announces {@code version}, now current in {@code registry}. */
        void published(ModelRegistry registry, String version);
    }

    private final CorpusStore corpus;
    private final ModelRegistry registry;
    private final QualityGate gate;
    private final TrainingConfig config;
    private final TextEncoder textEncoder;
    private final Announcer announcer;
    private final Path reportDir;
    private final Clock clock;

    public TrainOnce(CorpusStore corpus, ModelRegistry registry, QualityGate gate, TrainingConfig config,
            TextEncoder textEncoder, Announcer announcer, Path reportDir, Clock clock) {
        this.corpus = corpus;
        this.registry = registry;
        this.gate = gate;
        this.config = config;
        this.textEncoder = textEncoder;
        this.announcer = announcer;
        this.reportDir = reportDir;
        this.clock = clock;
    }

    /** The corpus's current entries as training examples (the newest revision of each model). */
    public static List<TrainingExample> examples(CorpusStore corpus) {
        List<TrainingExample> examples = new ArrayList<>();
        try (Stream<CorpusEntry> entries = corpus.entries()) {
            entries.forEach(e -> examples.add(TrainingExample.of(e.facts(), e.decodedTokens())));
        }
        return examples;
    }

    /** Trains, gates, publishes (or not) and reports. */
    public TrainingOutcome run() {
        Instant started = clock.instant();
        List<TrainingExample> examples = examples(corpus);
        TrainingLog log = new TrainingLog();
        TrainingResult result = new TrainingPipeline(config, textEncoder, log).run(examples);
        try {
            Optional<String> current = registry.current();
            Optional<Map<String, Double>> currentMetrics = current.map(v -> registry.manifest(v).metrics());
            GateVerdict verdict = gate.evaluate(result.metrics(), currentMetrics);
            String version = registry.newVersionId(started);
            Path report = reportDir.resolve("train-" + version + ".md");
            if (verdict.publish()) {
                publish(version, result, examples, current, started);
                announcer.published(registry, version);
                LOG.info("Published {}: {}", version, verdict.reason());
            } else {
                LOG.warn("Not published: {}", verdict.reason());
            }
            TrainingReport.write(report, version, verdict, current, result, examples.size(), config);
            LOG.info("Report: {}", report);
            return new TrainingOutcome(version, verdict.publish(), verdict.reason());
        } finally {
            result.modelSet().close();
        }
    }

    private void publish(String version, TrainingResult result, List<TrainingExample> examples, Optional<String> current,
            Instant started) {
        Path staged;
        try {
            staged = Files.createTempDirectory("hubdex-staging-" + version + "-");
            Files.delete(staged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + version + " in " + registry.root(), e);
        }
        result.modelSet().save(staged);
        Map<String, Long> perTree = new TreeMap<>();
        result.trees().values().forEach(t -> perTree.merge(t, 1L, Long::sum));
        List<Map.Entry<String, String>> shas = new ArrayList<>();
        examples.forEach(e -> shas.add(new AbstractMap.SimpleEntry<>(e.modelId(), e.facts().sha())));
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("backbone", config.backbone().toString());
        configuration.put("probex", config.probeX().toString());
        configuration.put("router", config.router().toString());
        configuration.put("split", config.split().toString());
        configuration.put("minExpertModels", String.valueOf(config.minExpertModels()));
        configuration.put("seed", String.valueOf(config.seed()));
        VersionManifest manifest = VersionManifest.builder()
                .setVersion(version)
                .setCreatedAt(started)
                .setTrainingData(new TrainingDataSnapshot(examples.size(), perTree, TrainingDataSnapshot.contentHash(shas)))
                .optComponent(VersionManifest.BACKBONE, "sane-dense " + config.backbone().dModel() + "d")
                .optComponent(VersionManifest.PROBEX, result.modelSet().experts().size() + " experts")
                .optComponent(VersionManifest.ROUTER, "centres " + config.router().centresPerTree())
                .optComponent(VersionManifest.TOKENIZER, result.modelSet().tokenizerVersion())
                .optComponent(VersionManifest.TEXT_ENCODER, result.modelSet().textEncoderId())
                .optConfiguration(configuration)
                .optMetrics(result.metrics())
                .optPreviousVersion(current)
                .build();
        registry.publish(version, staged, manifest);
        deleteQuietly(staged);
    }

    private static void deleteQuietly(Path dir) {
        try {
            DurableFiles.deleteTree(dir);
        } catch (IOException e) {
            LOG.debug("could not remove {}", dir, e);
        }
    }
}

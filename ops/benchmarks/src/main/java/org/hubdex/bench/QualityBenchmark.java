package org.hubdex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hubdex.trainer.corpus.CorpusSettings;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.corpus.ZooFolderCorpus;
import org.hubdex.trainer.training.TrainOnce;
import org.hubdex.trainer.training.TrainingConfig;
import org.hubdex.trainer.training.TrainingExample;
import org.hubdex.trainer.training.TrainingLog;
import org.hubdex.trainer.training.TrainingPipeline;
import org.hubdex.trainer.training.TrainingResult;
import org.hubdex.weightspace.modelset.ModelInput;
import org.hubdex.weightspace.modelset.ModelSetEmbedding;
import org.hubdex.weightspace.text.MiniLmTextEncoder;
import org.hubdex.weightspace.text.TextEncoder;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ops/bench quality}: how good the trained model set is, on the zoo's held-out models, judged by the zoo's
 * ground truth ({@code manifest.jsonl}), which training never reads.
 *
 * <p>The zoo folder becomes a corpus ({@link ZooFolderCorpus}, under {@code $HUBDEX_HOME/corpus-zoo/<zoo name>} as
 * {@code ops/train --once --zoo} keeps it, built once), the trainer's {@link TrainingPipeline} trains one model set
 * with its default configuration (the backbone's time budget from {@code --backbone-seconds}), every model is
 * embedded once by the set as the embedder would, and four parts score it, each against baselines trained in the
 * same run: category prediction ({@link CategoryEvaluation}), retrieval ({@link RetrievalEvaluation}), property
 * prediction ({@link PropertyEvaluation}) and the router ({@link RouterEvaluation}); every part's time and peak
 * memory are sampled ({@link ResourceSampler}). The targets are checked in {@link QualityTargets}.
 */
final class QualityBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(QualityBenchmark.class);
    private static final long SEED = 1;
    static final String USAGE = "usage: ops/bench quality [--zoo DIR] [--backbone-seconds N]";

    private QualityBenchmark() {
    }

    /** Runs the benchmark with {@code args} (the arguments after {@code quality}); returns the report body. */
    static String run(List<String> args) throws Exception {
        Map<String, String> flags = flags(args);
        String home = Optional.ofNullable(System.getenv("HUBDEX_HOME")).filter(h -> !h.isBlank()).orElse(".hubdex");
        Path zoo = Path.of(flags.getOrDefault("--zoo", Path.of(home, "zoo-standard").toString())).toAbsolutePath().normalize();
        Path manifest = zoo.resolve("manifest.jsonl");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException("no zoo at " + zoo + " (no manifest.jsonl); train one with ops/zoo or pass --zoo");
        }
        Path corpusDir = Path.of(home, "corpus-zoo", zoo.getFileName().toString());
        TrainingConfig config = TrainingConfig.defaults();
        if (flags.containsKey("--backbone-seconds")) {
            config = config.withBackbone(config.backbone().toBuilder().optMaxSteps(0)
                    .optMaxSeconds(Double.parseDouble(flags.get("--backbone-seconds"))).build());
        }
        ZooTruth truth = ZooTruth.read(manifest);
        List<PartTiming> parts = new ArrayList<>();
        try (ResourceSampler sampler = ResourceSampler.start(50)) {
            long t0 = sampler.now();
            List<TrainingExample> examples = corpus(zoo, corpusDir);
            parts.add(part("corpus (build or reuse, read)", sampler, t0));

            Map<String, ZooTruth.Model> truthById = new LinkedHashMap<>();
            List<TrainingExample> known = new ArrayList<>();
            int exact = 0;
            for (TrainingExample e : examples) {
                Optional<ZooTruth.Model> m = truth.of(e.modelId(), e.facts().sha());
                if (m.isPresent()) {
                    known.add(e);
                    truthById.put(e.modelId(), m.get());
                    exact += truth.hasRevision(e.modelId(), e.facts().sha()) ? 1 : 0;
                }
            }
            if (known.size() < examples.size()) {
                LOG.warn("{} corpus models are not in the manifest and are left out", examples.size() - known.size());
            }

            try (TextEncoder encoder = MiniLmTextEncoder.load()) {
                t0 = sampler.now();
                TrainingResult result = new TrainingPipeline(config, encoder, new TrainingLog()).run(known);
                long t1 = sampler.now();
                try (var modelSet = result.modelSet()) {
                    parts.addAll(trainingParts(result, sampler, t0, t1));

                    t0 = sampler.now();
                    Map<String, ModelSetEmbedding> embeddings = new LinkedHashMap<>();
                    for (TrainingExample e : known) {
                        if (e.tokens().tokens().tokenCount() > 0) {
                            embeddings.put(e.modelId(), modelSet.embed(new ModelInput(e.modelId(), e.facts().baseModels(),
                                    e.tokens().tokens(), e.tokens().probeX(), e.routingMatrix(), e.head())));
                        }
                    }
                    parts.add(part("embed every model (ModelSet.embed)", sampler, t0));
                    QualityInputs in = new QualityInputs(known, truthById, result, embeddings);

                    t0 = sampler.now();
                    CategoryEvaluation.Result categories = new CategoryEvaluation(in,
                            config.probeX().withTextDim(encoder.dimension())).run();
                    parts.add(part("categories (incl. training both baselines)", sampler, t0));
                    t0 = sampler.now();
                    RetrievalEvaluation.Result retrieval = new RetrievalEvaluation(in, encoder, SEED).run();
                    parts.add(part("retrieval (incl. embedding the cards)", sampler, t0));
                    t0 = sampler.now();
                    PropertyEvaluation.Result properties = new PropertyEvaluation(in, SEED).run();
                    parts.add(part("properties (all ridge fits)", sampler, t0));
                    t0 = sampler.now();
                    RouterEvaluation.Result router = new RouterEvaluation(in).run();
                    parts.add(part("router (incl. the 1-NN baseline)", sampler, t0));

                    String setup = setup(zoo, corpusDir, known, truthById, exact, result, config, flags);
                    return QualityReport.render(new QualityReport.Setup(setup, result.metrics()), categories, retrieval,
                            properties, router, parts);
                }
            }
        }
    }

    private static List<TrainingExample> corpus(Path zoo, Path corpusDir) {
        CorpusSettings settings = CorpusSettings.fromEnvironment(Map.of("HUBDEX_CORPUS_DIR", corpusDir.toString()));
        try (CorpusStore store = CorpusStore.open(corpusDir)) {
            ZooFolderCorpus.Result built = new ZooFolderCorpus(store, settings, TokenizerConfig.DEFAULT, Clock.systemUTC())
                    .build(zoo);
            LOG.info("zoo corpus {}: {} added, {} already there, {} failed", corpusDir, built.stored(), built.alreadyStored(),
                    built.failed().size());
            return TrainOnce.examples(store);
        }
    }

    /** The training stages, placed back to back so that they end when the run returned. */
    private static List<PartTiming> trainingParts(TrainingResult result, ResourceSampler sampler, long start, long end) {
        List<PartTiming> out = new ArrayList<>();
        out.add(new PartTiming("training, total", (end - start) / 1e9, sampler.peakBetween(start, end)));
        String[] stages = {"backbone", "router", "text", "experts", "evaluation"};
        double staged = 0;
        for (String s : stages) {
            staged += result.seconds().getOrDefault(s, 0.0);
        }
        long at = end - (long) (staged * 1e9);
        for (String s : stages) {
            double seconds = result.seconds().getOrDefault(s, 0.0);
            long stageEnd = at + (long) (seconds * 1e9);
            out.add(new PartTiming("training: " + s, seconds, sampler.peakBetween(at, stageEnd)));
            at = stageEnd;
        }
        return out;
    }

    private static PartTiming part(String name, ResourceSampler sampler, long start) {
        long end = sampler.now();
        return new PartTiming(name, (end - start) / 1e9, sampler.peakBetween(start, end));
    }

    private static String setup(Path zoo, Path corpusDir, List<TrainingExample> models, Map<String, ZooTruth.Model> truth,
            int exact, TrainingResult result, TrainingConfig config, Map<String, String> flags) {
        Map<String, Integer> styles = new TreeMap<>();
        truth.values().forEach(m -> styles.merge(m.cardStyle(), 1, Integer::sum));
        Map<String, Integer> split = new TreeMap<>();
        result.parts().values().forEach(p -> split.merge(p.name(), 1, Integer::sum));
        return String.format(Locale.ROOT, "- zoo: %s; corpus: %s%n- models: %d (card styles %s); truth: %d matched by commit"
                + " sha, %d by the model's latest commit%n- trainer split (labelled models): %s; %d card trees, %d experts%n"
                + "- backbone budget: %s; seed %d%n", zoo, corpusDir, models.size(), styles, exact, models.size() - exact, split,
                new java.util.HashSet<>(result.trees().values()).size(), result.modelSet().experts().size(),
                flags.containsKey("--backbone-seconds") ? flags.get("--backbone-seconds") + " s"
                        : config.backbone().toString(), SEED);
    }

    static Map<String, String> flags(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--zoo") || a.equals("--backbone-seconds")) && i + 1 < args.size()) {
                flags.put(a, args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown or incomplete option " + a + "\n" + USAGE);
            }
        }
        if (flags.containsKey("--backbone-seconds")) {
            double seconds = Double.parseDouble(flags.get("--backbone-seconds"));
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("--backbone-seconds must be positive\n" + USAGE);
            }
        }
        return flags;
    }
}

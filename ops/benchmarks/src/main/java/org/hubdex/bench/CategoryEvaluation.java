package org.hubdex.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.trainer.training.TrainingExample;
import org.hubdex.weightspace.eval.LogisticRegression;
import org.hubdex.weightspace.modelset.ModelSetEmbedding;
import org.hubdex.weightspace.probex.DenseLinearExpert;
import org.hubdex.weightspace.probex.MultiLabelMetrics;
import org.hubdex.weightspace.probex.ProbeXConfig;
import org.hubdex.weightspace.probex.ProbeXExample;
import org.hubdex.weightspace.router.RoutingInput;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Category prediction on undocumented models (manifest card style {@code vague} or {@code no-card}: no class names
 * in their config, so the trainer never learned from them), scored against the manifest's classes.
 *
 * <p>The candidate is the system as served: {@code ModelSet.embed} (routing, then the routed tree's expert). Its
 * baselines are trained per manifest tree on the same training models the trainer's experts use (split part TRAIN,
 * model selection on VALIDATION, diverged models left out) and scored on the same undocumented models of that tree:
 * <ul>
 *   <li>the paper's dense linear expert on the same ProbeX layer ({@link DenseLinearExpert}, the expert's optimizer
 *       settings);</li>
 *   <li>s(W): seven statistics per layer ({@link LayerFeatures}) and one-vs-rest {@link LogisticRegression}, its
 *       penalty chosen on validation element accuracy;</li>
 *   <li>the prior: each category's share of the tree's training models as its probability, the same answer for
 *       every model (what a predictor that learned nothing from the weights scores).</li>
 * </ul>
 * All three are scored over one vocabulary per tree, the categories of its training models; a category ProbeX
 * does not output (generic path, or an expert of another tree) counts as predicted absent.
 */
final class CategoryEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(CategoryEvaluation.class);
    private static final double[] LOGISTIC_PENALTIES = {1e-3, 1e-2, 1e-1, 1};

    /**
     * One manifest tree.
     *
     * @param tree manifest tree
     * @param layer the ProbeX layer signature the baselines read (the most common among the tree's training models)
     * @param train training models of the tree with that layer
     * @param validation validation models
     * @param evaluated undocumented models of the tree with that layer, scored by all three
     * @param vocabulary categories scored
     * @param probex the served model set
     * @param dense dense linear expert
     * @param sw s(W) + logistic regression
     * @param prior the training share of each category
     */
    record TreeRow(String tree, String layer, int train, int validation, int evaluated, int vocabulary,
            MultiLabelMetrics probex, MultiLabelMetrics dense, MultiLabelMetrics sw, MultiLabelMetrics prior) {
    }

    /**
     * @param trees per-tree rows (trees with an undocumented model and at least 2 training models)
     * @param probex pooled over the rows
     * @param dense pooled
     * @param sw pooled
     * @param prior pooled
     * @param probexAll ProbeX over every undocumented model with tokens, vocabulary: every class the trainer saw
     * @param probexLayerTrained {@code probexAll}'s models whose ProbeX layer their fine-tuning trained
     * @param probexLayerFrozen those whose fine-tuning froze it (it is the parent's, and cannot tell their classes)
     * @param undocumented undocumented models with tokens
     * @param withoutCategories undocumented models the model set gave no categories (generic path or no expert)
     * @param notComparable undocumented models outside the rows (tree without 2 training models, another layer)
     * @param denseSeconds training and scoring time of the dense baselines
     * @param swSeconds of the s(W) baselines
     */
    record Result(List<TreeRow> trees, MultiLabelTally probex, MultiLabelTally dense, MultiLabelTally sw,
            MultiLabelTally prior, MultiLabelTally probexAll, MultiLabelTally probexLayerTrained,
            MultiLabelTally probexLayerFrozen, int undocumented, int withoutCategories, int notComparable, double denseSeconds,
            double swSeconds) {
    }

    private final QualityInputs in;
    private final ProbeXConfig config;

    /** @param config the experts' configuration (the dense baseline takes its optimizer, epochs, seed, selection) */
    CategoryEvaluation(QualityInputs in, ProbeXConfig config) {
        this.in = in;
        this.config = config;
    }

    Result run() {
        Map<String, List<TrainingExample>> train = new TreeMap<>();
        Map<String, List<TrainingExample>> validation = new TreeMap<>();
        Map<String, List<TrainingExample>> undocumented = new TreeMap<>();
        Set<String> seenClasses = new TreeSet<>();
        for (TrainingExample e : in.examples()) {
            ZooTruth.Model truth = in.truthOf(e.modelId());
            Optional<Part> part = in.part(e.modelId());
            if (part.isPresent()) {
                seenClasses.addAll(e.facts().classNames());
            }
            if (e.tokens().probeX().isEmpty()) {
                continue;
            }
            if (part.equals(Optional.of(Part.TRAIN)) && !e.degenerate()) {
                train.computeIfAbsent(truth.tree(), t -> new ArrayList<>()).add(e);
            } else if (part.equals(Optional.of(Part.VALIDATION)) && !e.degenerate()) {
                validation.computeIfAbsent(truth.tree(), t -> new ArrayList<>()).add(e);
            }
            if (truth.undocumented() && in.embeddings().containsKey(e.modelId())) {
                undocumented.computeIfAbsent(truth.tree(), t -> new ArrayList<>()).add(e);
            }
        }

        List<TrainingExample> allUndocumented = undocumented.values().stream().flatMap(Collection::stream).toList();
        List<String> everyClass = List.copyOf(seenClasses);
        int withoutCategories = (int) allUndocumented.stream()
                .filter(e -> in.embeddings().get(e.modelId()).categories().isEmpty()).count();
        MultiLabelTally probexAll = probexTally(everyClass, allUndocumented);
        MultiLabelTally layerTrained = probexTally(everyClass, allUndocumented.stream().filter(e -> !frozeProbeXLayer(e)).toList());
        MultiLabelTally layerFrozen = probexTally(everyClass, allUndocumented.stream().filter(this::frozeProbeXLayer).toList());

        List<TreeRow> rows = new ArrayList<>();
        MultiLabelTally probex = new MultiLabelTally();
        MultiLabelTally dense = new MultiLabelTally();
        MultiLabelTally sw = new MultiLabelTally();
        MultiLabelTally prior = new MultiLabelTally();
        double denseSeconds = 0;
        double swSeconds = 0;
        int compared = 0;
        for (Map.Entry<String, List<TrainingExample>> tree : undocumented.entrySet()) {
            List<TrainingExample> treeTrain = train.getOrDefault(tree.getKey(), List.of());
            if (treeTrain.size() < 2) {
                continue;
            }
            String layer = mostCommonLayer(treeTrain);
            List<TrainingExample> t = withLayer(treeTrain, layer);
            List<TrainingExample> v = withLayer(validation.getOrDefault(tree.getKey(), List.of()), layer);
            List<TrainingExample> eval = withLayer(tree.getValue(), layer);
            if (eval.isEmpty()) {
                continue;
            }
            Set<String> categories = new TreeSet<>();
            t.forEach(e -> categories.addAll(e.facts().classNames()));
            List<String> vocabulary = List.copyOf(categories);
            List<Set<String>> truths = truths(eval);

            List<Map<String, Double>> probexP = eval.stream().map(this::probexProbabilities).toList();
            long t0 = System.nanoTime();
            DenseLinearExpert expert = DenseLinearExpert.train(tree.getKey(), examples(t), examples(v), config);
            List<Map<String, Double>> denseP = expert.predictAll(eval.stream().map(e -> e.tokens().probeX().get()).toList());
            denseSeconds += (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            List<Map<String, Double>> swP = statisticsBaseline(vocabulary, t, v, eval);
            swSeconds += (System.nanoTime() - t0) / 1e9;
            Map<String, Double> shares = priorOf(vocabulary, t);
            List<Map<String, Double>> priorP = eval.stream().map(e -> shares).toList();

            TreeRow row = new TreeRow(tree.getKey(), layer, t.size(), v.size(), eval.size(), vocabulary.size(),
                    MultiLabelMetrics.of(vocabulary, probexP, truths), MultiLabelMetrics.of(vocabulary, denseP, truths),
                    MultiLabelMetrics.of(vocabulary, swP, truths), MultiLabelMetrics.of(vocabulary, priorP, truths));
            rows.add(row);
            probex.add(row.probex(), vocabulary.size());
            dense.add(row.dense(), vocabulary.size());
            sw.add(row.sw(), vocabulary.size());
            prior.add(row.prior(), vocabulary.size());
            compared += eval.size();
            LOG.info("categories: tree {}: {} undocumented models, element accuracy ProbeX {}, dense {}, s(W) {}", tree.getKey(),
                    eval.size(), row.probex().elementAccuracy(), row.dense().elementAccuracy(), row.sw().elementAccuracy());
        }
        return new Result(rows, probex, dense, sw, prior, probexAll, layerTrained, layerFrozen, allUndocumented.size(), withoutCategories,
                allUndocumented.size() - compared, denseSeconds, swSeconds);
    }

    private MultiLabelTally probexTally(List<String> vocabulary, List<TrainingExample> models) {
        MultiLabelTally tally = new MultiLabelTally();
        if (!models.isEmpty() && !vocabulary.isEmpty()) {
            tally.add(MultiLabelMetrics.of(vocabulary, models.stream().map(this::probexProbabilities).toList(), truths(models)),
                    vocabulary.size());
        }
        return tally;
    }

    private boolean frozeProbeXLayer(TrainingExample e) {
        return in.truthOf(e.modelId()).froze(e.tokens().probeX().orElseThrow().layerName());
    }

    /** The served set's category probabilities of a model (empty on the generic path). */
    private Map<String, Double> probexProbabilities(TrainingExample e) {
        ModelSetEmbedding m = in.embeddings().get(e.modelId());
        Map<String, Double> p = new HashMap<>();
        m.categories().forEach(c -> p.put(c.category(), c.probability()));
        return p;
    }

    private List<Map<String, Double>> statisticsBaseline(List<String> vocabulary, List<TrainingExample> train,
            List<TrainingExample> validation, List<TrainingExample> eval) {
        LayerFeatures.Aligner aligner = new LayerFeatures.Aligner(features(train));
        double[][] x = aligner.align(features(train));
        boolean[][] y = labels(vocabulary, train);
        LogisticRegression best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double l2 : LOGISTIC_PENALTIES) {
            LogisticRegression model = LogisticRegression.fit(x, y, l2);
            if (validation.isEmpty()) {
                best = model;
                break;
            }
            double score = MultiLabelMetrics.of(model.predictProbabilities(aligner.align(features(validation))),
                    labels(vocabulary, validation)).elementAccuracy();
            if (score > bestScore) {
                bestScore = score;
                best = model;
            }
        }
        double[][] p = best.predictProbabilities(aligner.align(features(eval)));
        List<Map<String, Double>> out = new ArrayList<>();
        for (double[] row : p) {
            Map<String, Double> m = new HashMap<>();
            for (int c = 0; c < vocabulary.size(); c++) {
                m.put(vocabulary.get(c), row[c]);
            }
            out.add(m);
        }
        return out;
    }

    /** Each category's share of the training models. */
    static Map<String, Double> priorOf(List<String> vocabulary, List<TrainingExample> train) {
        Map<String, Double> shares = new HashMap<>();
        for (String c : vocabulary) {
            shares.put(c, train.stream().filter(e -> e.facts().classNames().contains(c)).count() / (double) train.size());
        }
        return shares;
    }

    private static List<double[]> features(List<TrainingExample> models) {
        return models.stream().map(e -> LayerFeatures.of(e.tokens().layers()).values()).toList();
    }

    private static boolean[][] labels(List<String> vocabulary, List<TrainingExample> models) {
        boolean[][] y = new boolean[models.size()][vocabulary.size()];
        for (int i = 0; i < y.length; i++) {
            for (int c = 0; c < vocabulary.size(); c++) {
                y[i][c] = models.get(i).facts().classNames().contains(vocabulary.get(c));
            }
        }
        return y;
    }

    private List<Set<String>> truths(List<TrainingExample> models) {
        return models.stream().map(e -> (Set<String>) new LinkedHashSet<>(in.truthOf(e.modelId()).classNames())).toList();
    }

    private List<ProbeXExample> examples(List<TrainingExample> models) {
        float[] noText = new float[config.textDim()];
        return models.stream().map(e -> new ProbeXExample(e.modelId(), e.tokens().probeX().get(),
                new LinkedHashSet<>(e.facts().classNames()), noText)).toList();
    }

    static String mostCommonLayer(List<TrainingExample> models) {
        Map<String, Integer> counts = new TreeMap<>();
        models.forEach(e -> counts.merge(signature(e), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static List<TrainingExample> withLayer(List<TrainingExample> models, String layer) {
        return models.stream().filter(e -> signature(e).equals(layer)).toList();
    }

    private static String signature(TrainingExample e) {
        ProbeXMatrix m = e.tokens().probeX().orElseThrow();
        return RoutingInput.signatureOf(m);
    }
}

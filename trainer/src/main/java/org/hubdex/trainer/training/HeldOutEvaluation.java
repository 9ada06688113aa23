package org.hubdex.trainer.training;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.weightspace.eval.RetrievalMetrics;
import org.hubdex.weightspace.modelset.ModelInput;
import org.hubdex.weightspace.modelset.ModelSet;
import org.hubdex.weightspace.modelset.ModelSetEmbedding;
import org.hubdex.weightspace.probex.MultiLabelMetrics;
import org.hubdex.weightspace.router.Routing;
import org.hubdex.weightspace.text.TextEncoder;

/**
 * The held-out metrics of a freshly trained model set, from card-derived truth only (the trainer runs on the
 * real hub, where no ground truth exists): the test models' categories against their config's class names, the
 * test and zero-shot class combinations retrieved by prompts worded unlike any card ({@link RetrievalPrompts}),
 * and the router's accuracy on test models whose card parent is hidden from it.
 *
 * <p>Metric names (what the quality gate compares; higher is better for all):
 * {@code category.elementAccuracy}, {@code category.exactSetAccuracy}, {@code retrieval.hit@1}, {@code @5},
 * {@code @10}, {@code retrieval.mrr}, {@code retrieval.zeroShot.hit@5}, {@code retrieval.zeroShot.mrr},
 * {@code router.accuracy}.
 */
final class HeldOutEvaluation {

    /** Gate metrics and report-only details. */
    record Result(Map<String, Double> metrics, Map<String, Double> details) {
    }

    private final ModelSet modelSet;
    private final TextEncoder textEncoder;
    private final long seed;

    HeldOutEvaluation(ModelSet modelSet, TextEncoder textEncoder, long seed) {
        this.modelSet = modelSet;
        this.textEncoder = textEncoder;
        this.seed = seed;
    }

    Result evaluate(Collection<TrainingExample> corpus, Map<String, Part> parts, Map<String, String> cardTrees) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Double> details = new LinkedHashMap<>();
        List<TrainingExample> test = new ArrayList<>();
        List<TrainingExample> zeroShot = new ArrayList<>();
        for (TrainingExample e : corpus) {
            Part part = parts.get(e.modelId());
            if (part == Part.TEST) {
                test.add(e);
            } else if (part == Part.ZERO_SHOT) {
                zeroShot.add(e);
            }
        }
        Map<String, ModelSetEmbedding> embedded = new LinkedHashMap<>();
        for (TrainingExample e : concat(test, zeroShot)) {
            embedded.put(e.modelId(), modelSet.embed(input(e, e.facts().baseModels())));
        }
        categories(test, embedded, metrics, details);
        Map<String, float[]> index = new LinkedHashMap<>();
        embedded.forEach((id, m) -> m.textEmbedding().ifPresent(v -> index.put(id, v)));
        details.put("retrieval.indexed", (double) index.size());
        retrieval("retrieval", test, concat(test, zeroShot), index, metrics);
        retrieval("retrieval.zeroShot", zeroShot, concat(test, zeroShot), index, metrics);
        router(test, cardTrees, metrics, details);
        return new Result(metrics, details);
    }

    private void categories(List<TrainingExample> test, Map<String, ModelSetEmbedding> embedded, Map<String, Double> metrics,
            Map<String, Double> details) {
        double element = 0;
        double exact = 0;
        int scored = 0;
        Map<String, double[]> perTree = new TreeMap<>();
        for (TrainingExample e : test) {
            ModelSetEmbedding m = embedded.get(e.modelId());
            if (m.categories().isEmpty()) {
                continue;
            }
            Map<String, Double> probabilities = new HashMap<>();
            m.categories().forEach(c -> probabilities.put(c.category(), c.probability()));
            // the vocabulary is what the predictor knows: the categories it scored
            MultiLabelMetrics one = MultiLabelMetrics.of(m.categories().stream().map(c -> c.category()).sorted().toList(),
                    List.of(probabilities),
                    List.of(Set.copyOf(e.facts().classNames())));
            element += one.elementAccuracy();
            exact += one.exactSetAccuracy();
            scored++;
            double[] tree = perTree.computeIfAbsent(m.tree().get(), t -> new double[2]);
            tree[0] += one.elementAccuracy();
            tree[1]++;
        }
        details.put("category.testModels", (double) test.size());
        details.put("category.scoredModels", (double) scored);
        if (scored > 0) {
            metrics.put("category.elementAccuracy", element / scored);
            metrics.put("category.exactSetAccuracy", exact / scored);
        }
        perTree.forEach((tree, sums) -> details.put("category.elementAccuracy." + tree, sums[0] / sums[1]));
    }

    private void retrieval(String name, List<TrainingExample> queriesFrom, List<TrainingExample> candidates,
            Map<String, float[]> index, Map<String, Double> metrics) {
        Map<String, List<String>> combinations = new LinkedHashMap<>();
        for (TrainingExample e : queriesFrom) {
            combinations.putIfAbsent(e.classKey(), e.facts().classNames());
        }
        if (combinations.isEmpty() || index.isEmpty()) {
            return;
        }
        List<String> prompts = new ArrayList<>();
        long promptSeed = seed;
        for (List<String> classes : combinations.values()) {
            prompts.add(RetrievalPrompts.forClasses(classes, promptSeed++));
        }
        List<float[]> vectors = textEncoder.encodeAll(prompts);
        Map<Integer, List<RetrievalMetrics.Query>> queries = new TreeMap<>();
        int q = 0;
        for (String key : combinations.keySet()) {
            Set<String> relevant = new LinkedHashSet<>();
            for (TrainingExample e : candidates) {
                if (e.classKey().equals(key)) {
                    relevant.add(e.modelId());
                }
            }
            List<String> ranked = TextRetrieval.rank(vectors.get(q++), index);
            for (int k : new int[] {1, 5, 10}) {
                queries.computeIfAbsent(k, x -> new ArrayList<>()).add(new RetrievalMetrics.Query(ranked, relevant));
            }
        }
        for (Map.Entry<Integer, List<RetrievalMetrics.Query>> e : queries.entrySet()) {
            RetrievalMetrics r = RetrievalMetrics.of(e.getValue(), e.getKey());
            metrics.put(name + ".hit@" + e.getKey(), r.hitAtK());
            if (e.getKey() == 10) {
                metrics.put(name + ".mrr", r.meanReciprocalRank());
            }
        }
    }

    private void router(List<TrainingExample> test, Map<String, String> cardTrees, Map<String, Double> metrics,
            Map<String, Double> details) {
        int routed = 0;
        int correct = 0;
        int generic = 0;
        for (TrainingExample e : test) {
            if (e.routingMatrix().isEmpty() || !cardTrees.containsKey(e.modelId())) {
                continue;
            }
            // the card's parent hidden: how an undocumented model of this tree would be routed
            Routing routing = modelSet.router().route(org.hubdex.weightspace.router.RoutingInput.of(e.modelId(), List.of(),
                    e.routingMatrix().get()));
            routed++;
            if (routing.method() == Routing.Method.GENERIC) {
                generic++;
            } else if (routing.treeId().orElse("").equals(cardTrees.get(e.modelId()))) {
                correct++;
            }
        }
        if (routed > 0) {
            metrics.put("router.accuracy", (double) correct / routed);
            details.put("router.genericShare", (double) generic / routed);
        }
    }

    static ModelInput input(TrainingExample e, List<String> cardBaseModels) {
        return new ModelInput(e.modelId(), cardBaseModels, e.tokens().tokens(), e.tokens().probeX(), e.routingMatrix(),
                e.head());
    }

    private static List<TrainingExample> concat(List<TrainingExample> a, List<TrainingExample> b) {
        List<TrainingExample> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

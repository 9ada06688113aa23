package org.hubdex.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.trainer.training.RetrievalPrompts;
import org.hubdex.trainer.training.TextRetrieval;
import org.hubdex.trainer.training.TrainingExample;
import org.hubdex.weightspace.eval.RetrievalMetrics;
import org.hubdex.weightspace.text.TextEncoder;

/**
 * Text-to-model retrieval with prompts worded unlike any card ({@link RetrievalPrompts}), one per distinct class
 * combination of the held-out models, against every model the set gives a text-space embedding.
 *
 * <ul>
 *   <li><b>Queries</b>: the manifest combinations of TEST models and of undocumented models, less the zero-shot
 *       ones; separately, the zero-shot combinations (those of the ZERO_SHOT part: no model trained or selected on
 *       has them).</li>
 *   <li><b>Relevant</b>: every corpus model whose manifest class set is the combination (also one the index lacks,
 *       which then counts against the ranking).</li>
 *   <li><b>Baselines</b>, same prompts: the cards (each model's card text embedded by the same text encoder; a model
 *       without card text is not indexed), and chance (the same index in random order, averaged over shuffles).</li>
 * </ul>
 * "recall@k" in the sense is hit@k: at least one relevant model in the top k. True recall@k
 * ({@code |relevant ∩ top k| / min(k, |relevant|)}) and MRR are reported beside it.
 */
final class RetrievalEvaluation {

    private static final int SHUFFLES = 200;

    /** hit@1/5/10, recall@1/5/10 and MRR over {@code queries} queries. */
    record Figures(int queries, double hit1, double hit5, double hit10, double recall1, double recall5, double recall10,
            double mrr) {
    }

    /** The queries of one set: the prompts and each one's relevant models. */
    record QuerySet(List<String> prompts, List<Set<String>> relevant) {
    }

    /**
     * @param probex the model set's text embeddings
     * @param cards card-text embeddings
     * @param chance random order of the model set's index
     * @param zeroShotProbex the zero-shot queries, likewise
     * @param zeroShotCards cards
     * @param zeroShotChance chance
     * @param indexed models in the model set's index
     * @param cardIndexed models with card text
     * @param cardSeconds time to embed the cards
     */
    record Result(Figures probex, Figures cards, Figures chance, Figures zeroShotProbex, Figures zeroShotCards,
            Figures zeroShotChance, int indexed, int cardIndexed, double cardSeconds) {
    }

    private final QualityInputs in;
    private final TextEncoder encoder;
    private final long seed;

    RetrievalEvaluation(QualityInputs in, TextEncoder encoder, long seed) {
        this.in = in;
        this.encoder = encoder;
        this.seed = seed;
    }

    Result run() {
        Map<String, float[]> index = new LinkedHashMap<>();
        in.embeddings().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> e.getValue().textEmbedding().ifPresent(v -> index.put(e.getKey(), v)));

        long t0 = System.nanoTime();
        Map<String, float[]> cards = new LinkedHashMap<>();
        List<String> cardIds = new ArrayList<>();
        List<String> cardTexts = new ArrayList<>();
        for (TrainingExample e : in.examples()) {
            e.facts().cardText().filter(t -> !t.isBlank()).ifPresent(t -> {
                cardIds.add(e.modelId());
                cardTexts.add(t);
            });
        }
        List<float[]> cardVectors = cardTexts.isEmpty() ? List.of() : encoder.encodeAll(cardTexts);
        for (int i = 0; i < cardIds.size(); i++) {
            cards.put(cardIds.get(i), cardVectors.get(i));
        }
        double cardSeconds = (System.nanoTime() - t0) / 1e9;

        Map<String, List<String>> heldOut = new LinkedHashMap<>();
        Map<String, List<String>> zeroShot = new LinkedHashMap<>();
        for (TrainingExample e : in.examples()) {
            ZooTruth.Model truth = in.truthOf(e.modelId());
            Part part = in.part(e.modelId()).orElse(null);
            if (part == Part.ZERO_SHOT) {
                zeroShot.putIfAbsent(truth.classKey(), truth.classNames());
            }
        }
        for (TrainingExample e : in.examples()) {
            ZooTruth.Model truth = in.truthOf(e.modelId());
            Part part = in.part(e.modelId()).orElse(null);
            if ((part == Part.TEST || truth.undocumented()) && !zeroShot.containsKey(truth.classKey())) {
                heldOut.putIfAbsent(truth.classKey(), truth.classNames());
            }
        }
        QuerySet main = querySet(heldOut, seed);
        QuerySet zs = querySet(zeroShot, seed + heldOut.size());
        List<float[]> mainVectors = encode(main.prompts());
        List<float[]> zsVectors = encode(zs.prompts());
        List<String> ids = List.copyOf(index.keySet());
        return new Result(score(mainVectors, main.relevant(), index), score(mainVectors, main.relevant(), cards),
                chance(main.relevant(), ids, SHUFFLES, seed), score(zsVectors, zs.relevant(), index),
                score(zsVectors, zs.relevant(), cards), chance(zs.relevant(), ids, SHUFFLES, seed), index.size(), cards.size(),
                cardSeconds);
    }

    /** One prompt per combination (seeds {@code seed}, {@code seed + 1}, ...), relevant: models with that class set. */
    QuerySet querySet(Map<String, List<String>> combinations, long seed) {
        List<String> prompts = new ArrayList<>();
        List<Set<String>> relevant = new ArrayList<>();
        long s = seed;
        for (Map.Entry<String, List<String>> c : combinations.entrySet()) {
            prompts.add(RetrievalPrompts.forClasses(c.getValue(), s++));
            Set<String> models = new LinkedHashSet<>();
            for (TrainingExample e : in.examples()) {
                if (in.truthOf(e.modelId()).classKey().equals(c.getKey())) {
                    models.add(e.modelId());
                }
            }
            relevant.add(models);
        }
        return new QuerySet(prompts, relevant);
    }

    private List<float[]> encode(List<String> prompts) {
        return prompts.isEmpty() ? List.of() : encoder.encodeAll(prompts);
    }

    /** The figures of ranking {@code index} by cosine with each query vector. */
    static Figures score(List<float[]> queries, List<Set<String>> relevant, Map<String, float[]> index) {
        List<List<String>> rankings = new ArrayList<>();
        for (float[] q : queries) {
            rankings.add(index.isEmpty() ? List.of() : TextRetrieval.rank(q, index));
        }
        return figures(rankings, relevant);
    }

    /** The figures of {@code ids} in random order, averaged over {@code shuffles} orders. */
    static Figures chance(List<Set<String>> relevant, List<String> ids, int shuffles, long seed) {
        if (relevant.isEmpty()) {
            return figures(List.of(), relevant);
        }
        Random random = new Random(seed);
        double[] sums = new double[7];
        Figures f = null;
        for (int s = 0; s < shuffles; s++) {
            List<List<String>> rankings = new ArrayList<>();
            for (int q = 0; q < relevant.size(); q++) {
                List<String> order = new ArrayList<>(ids);
                Collections.shuffle(order, random);
                rankings.add(order);
            }
            f = figures(rankings, relevant);
            double[] v = {f.hit1(), f.hit5(), f.hit10(), f.recall1(), f.recall5(), f.recall10(), f.mrr()};
            for (int i = 0; i < v.length; i++) {
                sums[i] += v[i] / shuffles;
            }
        }
        return new Figures(f.queries(), sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]);
    }

    static Figures figures(List<List<String>> rankings, List<Set<String>> relevant) {
        if (rankings.isEmpty()) {
            return new Figures(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<RetrievalMetrics.Query> queries = new ArrayList<>();
        for (int i = 0; i < rankings.size(); i++) {
            queries.add(new RetrievalMetrics.Query(rankings.get(i), relevant.get(i)));
        }
        RetrievalMetrics at1 = RetrievalMetrics.of(queries, 1);
        RetrievalMetrics at5 = RetrievalMetrics.of(queries, 5);
        RetrievalMetrics at10 = RetrievalMetrics.of(queries, 10);
        return new Figures(queries.size(), at1.hitAtK(), at5.hitAtK(), at10.hitAtK(), at1.recallAtK(), at5.recallAtK(),
                at10.recallAtK(), at10.meanReciprocalRank());
    }
}

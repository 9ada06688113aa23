package org.hubdex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code ops/bench quality}'s figures as Markdown: the targets first, then each part with its baselines
 * and the ratio (or, for R², the difference) to them, then time and memory. Stateless.
 */
final class QualityReport {

    /**
     * What the run was.
     *
     * @param description the setup in a few lines (zoo, corpus, counts, split, budget)
     * @param trainerMetrics the trainer's own held-out metrics (card truth, its TEST part)
     */
    record Setup(String description, Map<String, Double> trainerMetrics) {
    }

    private QualityReport() {
    }

    static String render(Setup setup, CategoryEvaluation.Result categories, RetrievalEvaluation.Result retrieval,
            PropertyEvaluation.Result properties, RouterEvaluation.Result router, List<PartTiming> parts) {
        StringBuilder out = new StringBuilder();
        out.append("One training run, then every figure on held-out models against the zoo's manifest; baselines are"
                + " trained and scored in the same run on the same models.\n\n").append(setup.description()).append('\n');

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"target", "goal", "reached", "met"});
        for (QualityTargets.Target t : QualityTargets.of(categories, retrieval, properties, router)) {
            rows.add(new String[] {t.name(), t.goal(), t.reached(), t.met() ? "yes" : "NO"});
        }
        out.append("## Targets\n\n").append(Table.render(rows)).append('\n');

        out.append(categories(categories)).append(retrieval(retrieval)).append(properties(properties))
                .append(router(router)).append(parts(parts));

        List<String[]> metrics = new ArrayList<>();
        metrics.add(new String[] {"metric", "value"});
        setup.trainerMetrics().forEach((k, v) -> metrics.add(new String[] {k, f3(v)}));
        out.append("## The trainer's own held-out metrics\n\nCard truth on its TEST part (what the quality gate compares),"
                + " for reference.\n\n").append(Table.render(metrics)).append('\n');
        return out.toString();
    }

    private static String categories(CategoryEvaluation.Result r) {
        StringBuilder out = new StringBuilder("## 1. Category prediction (undocumented models)\n\n");
        out.append(String.format(Locale.ROOT, "%d undocumented models (vague or no card) with tokens; the model set gave %d of"
                + " them no categories (generic path or no expert). Over all of them, vocabulary every class the trainer"
                + " saw: the model set (head-row classifiers, ProbeX where no head fits) element-wise accuracy %s, exact-set accuracy %s.%n%n", r.undocumented(), r.withoutCategories(),
                f3(r.probexAll().elementAccuracy()), f3(r.probexAll().exactSetAccuracy())));
        out.append(String.format(Locale.ROOT, "Of these, %d had their ProbeX layer trained by their fine-tuning (element-wise"
                + " %s, exact-set %s) and %d had it frozen, so that it is their parent's and cannot tell their classes"
                + " (element-wise %s, exact-set %s).%n%n", r.probexLayerTrained().models(),
                f3(r.probexLayerTrained().elementAccuracy()), f3(r.probexLayerTrained().exactSetAccuracy()),
                r.probexLayerFrozen().models(), f3(r.probexLayerFrozen().elementAccuracy()),
                f3(r.probexLayerFrozen().exactSetAccuracy())));
        out.append(String.format(Locale.ROOT, "Against the baselines, per manifest tree (baselines trained on the tree's TRAIN"
                + " models, selected on its VALIDATION models; vocabulary: the tree's training classes; %d undocumented models"
                + " outside these rows: tree without 2 training models, or another ProbeX layer). Dense %.1f s, s(W) %.1f s"
                + " to train and score all trees. Prior: each category's share of the tree's training models, the same for"
                + " every model.%n%n", r.notComparable(), r.denseSeconds(), r.swSeconds()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"tree", "train/val", "models", "set elem", "dense elem", "s(W) elem", "prior elem",
            "set/dense", "set/s(W)", "set/prior", "set exact", "dense exact", "s(W) exact", "prior exact"});
        for (CategoryEvaluation.TreeRow t : r.trees()) {
            rows.add(row(t.tree(), t.train() + "/" + t.validation(), t.evaluated(), t.probex().elementAccuracy(),
                    t.dense().elementAccuracy(), t.sw().elementAccuracy(), t.prior().elementAccuracy(),
                    t.probex().exactSetAccuracy(), t.dense().exactSetAccuracy(), t.sw().exactSetAccuracy(),
                    t.prior().exactSetAccuracy()));
        }
        rows.add(row("all rows", "", r.probex().models(), r.probex().elementAccuracy(), r.dense().elementAccuracy(),
                r.sw().elementAccuracy(), r.prior().elementAccuracy(), r.probex().exactSetAccuracy(),
                r.dense().exactSetAccuracy(), r.sw().exactSetAccuracy(), r.prior().exactSetAccuracy()));
        return out.append(Table.render(rows)).append('\n').toString();
    }

    private static String[] row(String tree, String counts, int models, double p, double d, double s, double prior,
            double pExact, double dExact, double sExact, double priorExact) {
        return new String[] {tree, counts, String.valueOf(models), f3(p), f3(d), f3(s), f3(prior), ratio(p, d), ratio(p, s),
            ratio(p, prior), f3(pExact), f3(dExact), f3(sExact), f3(priorExact)};
    }

    private static String retrieval(RetrievalEvaluation.Result r) {
        StringBuilder out = new StringBuilder("## 2. Text-to-model retrieval\n\n");
        out.append(String.format(Locale.ROOT, "Prompts written unlike any card, one per class combination; %d models in the"
                + " model set's text index, %d with card text (embedded in %.1f s). recall@k here is hit@k: at least one"
                + " relevant model (same manifest class set) in the top k; true recall@k = |relevant in top k| / min(k,"
                + " |relevant|). Chance: the model set's index in random order, mean of 200 shuffles.%n%n", r.indexed(),
                r.cardIndexed(), r.cardSeconds()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"queries", "ranking", "n", "recall@1", "recall@5", "recall@10", "true recall@5",
            "true recall@10", "MRR", "recall@5 vs this"});
        addRetrieval(rows, "held-out", r.probex(), r.cards(), r.chance());
        addRetrieval(rows, "zero-shot", r.zeroShotProbex(), r.zeroShotCards(), r.zeroShotChance());
        return out.append(Table.render(rows)).append('\n').toString();
    }

    private static void addRetrieval(List<String[]> rows, String set, RetrievalEvaluation.Figures p,
            RetrievalEvaluation.Figures cards, RetrievalEvaluation.Figures chance) {
        rows.add(retrievalRow(set, "model set (text embedding)", p, "1.00x"));
        rows.add(retrievalRow(set, "card text", cards, ratio(p.hit5(), cards.hit5())));
        rows.add(retrievalRow(set, "chance", chance, ratio(p.hit5(), chance.hit5())));
    }

    private static String[] retrievalRow(String set, String ranking, RetrievalEvaluation.Figures f, String ratio) {
        return new String[] {set, ranking, String.valueOf(f.queries()), f3(f.hit1()), f3(f.hit5()), f3(f.hit10()),
            f3(f.recall5()), f3(f.recall10()), f3(f.mrr()), ratio};
    }

    private static String properties(PropertyEvaluation.Result r) {
        StringBuilder out = new StringBuilder("## 3. Property prediction (ridge, R² on test models)\n\n");
        out.append(String.format(Locale.ROOT, "Per family 60/20/20 by model (seeded), penalty chosen on validation from"
                + " 1e3..1e-5; %.1f s for all fits. \"pooled\": the families' own ridges, R² over all their test models"
                + " together. Δ = R² minus the s(W) R² of the same rows. s(W) and raw weights are taken as sign(x) log(1 + |x|):"
                + " the zoo's diverged fine-tunes (weights up to 1e9) otherwise wreck any linear fit on them; then every feature"
                + " set alike is clamped to its range over the training models.%n%n", r.seconds()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"family", "features", "train", "test", "dim", "R² test acc", "R² epochs", "R² gap",
            "Δ test acc vs s(W)"});
        Map<String, Map<PropertyEvaluation.Target, Double>> swByFamily = new java.util.HashMap<>();
        r.rows().stream().filter(x -> x.features().equals("s(W)")).forEach(x -> swByFamily.put(x.family(), x.r2()));
        for (PropertyEvaluation.Row x : r.rows()) {
            Map<PropertyEvaluation.Target, Double> sw = swByFamily.get(x.family());
            rows.add(new String[] {x.family(), x.features(), String.valueOf(x.train()), String.valueOf(x.test()),
                String.valueOf(x.dimension()), f3(x.r2().get(PropertyEvaluation.Target.TEST_ACCURACY)),
                f3(x.r2().get(PropertyEvaluation.Target.EPOCHS)), f3(x.r2().get(PropertyEvaluation.Target.GENERALIZATION_GAP)),
                sw == null ? "" : delta(x.r2().get(PropertyEvaluation.Target.TEST_ACCURACY),
                        sw.get(PropertyEvaluation.Target.TEST_ACCURACY))});
        }
        Map<PropertyEvaluation.Target, Double> swPooled = r.pooled().get("s(W)");
        r.pooled().forEach((features, r2) -> rows.add(new String[] {"pooled", features, "", "", "",
            f3(r2.get(PropertyEvaluation.Target.TEST_ACCURACY)), f3(r2.get(PropertyEvaluation.Target.EPOCHS)),
            f3(r2.get(PropertyEvaluation.Target.GENERALIZATION_GAP)), swPooled == null ? ""
                    : delta(r2.get(PropertyEvaluation.Target.TEST_ACCURACY), swPooled.get(PropertyEvaluation.Target.TEST_ACCURACY))}));
        out.append(Table.render(rows)).append('\n');
        if (r.pooled().containsKey("raw weights") && r.rows().stream().anyMatch(x -> x.features().equals("raw weights"))
                && r.rows().stream().filter(x -> x.features().equals("raw weights")).count()
                        < r.rows().stream().filter(x -> x.features().equals("s(W)")).count()) {
            out.append("Raw weights are pooled over the families where they were feasible only.\n\n");
        }
        return out.toString();
    }

    private static String router(RouterEvaluation.Result r) {
        StringBuilder out = new StringBuilder("## 4. Router (no base_model in the card)\n\n");
        double n = r.models();
        out.append(String.format(Locale.ROOT, "%d models (no-base-model or no-card, with a ProbeX layer and a routing matrix). %d of them were"
                + " among the router's own training members; for %d the manifest tree is none the router knows (it cannot"
                + " name it). Right = the manifest tree.%n%n", r.models(), r.learnedFrom(), r.unknownTree()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "right", "accuracy", "vs baseline"});
        rows.add(new String[] {"router (ModelSet.embed)", String.valueOf(r.right()), f3(r.right() / n),
            ratio(r.right() / n, r.nearestRight() / n)});
        rows.add(new String[] {"baseline: 1-NN on the ProbeX matrix", String.valueOf(r.nearestRight()), f3(r.nearestRight() / n),
            "1.00x"});
        rows.add(new String[] {"router: right lineage (tree named after a model of the manifest tree)",
            String.valueOf(r.rightLineage()), f3(r.rightLineage() / n), ""});
        rows.add(new String[] {"router without its confidence threshold (always the nearest tree)",
            String.valueOf(r.nearestTreeRight()), f3(r.nearestTreeRight() / n), ratio(r.nearestTreeRight() / n, r.nearestRight() / n)});
        rows.add(new String[] {"router: generic path", String.valueOf(r.generic()), f3(r.generic() / n), ""});
        return out.append(Table.render(rows)).append('\n').toString();
    }

    private static String parts(List<PartTiming> parts) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"part", "seconds", "peak heap MiB", "peak RSS MiB"});
        for (PartTiming p : parts) {
            rows.add(new String[] {p.name(), String.format(Locale.ROOT, "%.1f", p.seconds()), p.peak().heapMiB(),
                p.peak().rssMiB()});
        }
        return "## 5. Time and memory\n\nWall time per part; peaks sampled every 50 ms (heap: used heap of the JVM; RSS:"
                + " the whole process, PyTorch's native memory included). Training sub-parts are placed by the stage"
                + " durations the trainer reports.\n\n" + Table.render(rows) + '\n';
    }

    static String f3(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String ratio(double candidate, double baseline) {
        if (Double.isNaN(candidate) || Double.isNaN(baseline) || baseline == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", candidate / baseline);
    }

    static String delta(Double candidate, Double baseline) {
        if (candidate == null || baseline == null || candidate.isNaN() || baseline.isNaN()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.3f", candidate - baseline);
    }
}

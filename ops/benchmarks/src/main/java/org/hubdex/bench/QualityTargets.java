package org.hubdex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The targets on the standard zoo and whether a run reached them. A figure that could not be measured
 * (NaN: no model to score) is not reached. Stateless.
 */
final class QualityTargets {

    /**
     * @param name what is measured
     * @param goal the target, in words
     * @param reached the run's figure, formatted
     * @param met whether the target is reached
     */
    record Target(String name, String goal, String reached, boolean met) {
    }

    private QualityTargets() {
    }

    static List<Target> of(CategoryEvaluation.Result categories, RetrievalEvaluation.Result retrieval,
            PropertyEvaluation.Result properties, RouterEvaluation.Result router) {
        List<Target> targets = new ArrayList<>();
        targets.add(atLeast("category element-wise accuracy (model set), undocumented models", categories.probexAll().elementAccuracy(), 0.95));
        targets.add(atLeast("retrieval recall@5 (hit@5)", retrieval.probex().hit5(), 0.8));
        targets.add(atLeast("zero-shot retrieval recall@5 (hit@5)", retrieval.zeroShotProbex().hit5(), 0.6));
        Map<PropertyEvaluation.Target, Double> backbone = properties.pooled().getOrDefault("backbone", Map.of());
        Map<PropertyEvaluation.Target, Double> sw = properties.pooled().getOrDefault("s(W)", Map.of());
        double b = backbone.getOrDefault(PropertyEvaluation.Target.TEST_ACCURACY, Double.NaN);
        double s = sw.getOrDefault(PropertyEvaluation.Target.TEST_ACCURACY, Double.NaN);
        targets.add(new Target("backbone R² of test accuracy vs s(W)", String.format(Locale.ROOT, "> s(W) (%.3f)", s),
                format(b), b > s));
        double routerAccuracy = router.models() == 0 ? Double.NaN : (double) router.right() / router.models();
        targets.add(atLeast("router accuracy, no base_model in the card", routerAccuracy, 0.98));
        return targets;
    }

    static Target atLeast(String name, double reached, double goal) {
        return new Target(name, String.format(Locale.ROOT, ">= %.2f", goal), format(reached), reached >= goal);
    }

    static String format(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}

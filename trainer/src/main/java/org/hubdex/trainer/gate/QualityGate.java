package org.hubdex.trainer.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a candidate version may replace the current one, from their held-out metrics: PUBLISH when no
 * configured metric is worse than the current version's by more than its tolerance (or there is no current
 * version), REJECT otherwise, with the regressions. A candidate must report every configured metric (a finite
 * number); a metric the current version lacks (added since it was trained) cannot be compared and is only noted.
 * Metrics that are not configured are ignored. Stateless and thread-safe.
 */
public final class QualityGate {

    private final List<MetricRule> rules;

    /** A gate checking {@code rules}, each metric once. */
    public QualityGate(List<MetricRule> rules) {
        this.rules = List.copyOf(rules);
        if (this.rules.isEmpty()) {
            throw new IllegalArgumentException("a quality gate needs at least one metric rule, e.g. recall@10:higher:0.01");
        }
        if (this.rules.stream().map(MetricRule::name).distinct().count() != this.rules.size()) {
            throw new IllegalArgumentException("a metric appears twice in the gate's rules: " + this.rules);
        }
    }

    /** The rules, in the order they are checked. */
    public List<MetricRule> rules() {
        return rules;
    }

    /**
     * The verdict on {@code candidate}'s metrics against the current version's, or against none (the first version).
     */
    public GateVerdict evaluate(Map<String, Double> candidate, Optional<Map<String, Double>> current) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(current, "current");
        List<MetricComparison> comparisons = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        for (MetricRule rule : rules) {
            Double c = candidate.get(rule.name());
            if (c == null || !Double.isFinite(c)) {
                missing.add(c == null ? rule.name() : rule.name() + " (" + c + ")");
                continue;
            }
            if (current.isEmpty()) {
                continue;
            }
            Double cur = current.get().get(rule.name());
            if (cur == null || !Double.isFinite(cur)) {
                notCompared.add(rule.name());
                continue;
            }
            comparisons.add(new MetricComparison(rule.name(), rule.direction(), cur, c, rule.tolerance()));
        }
        boolean regressed = comparisons.stream().anyMatch(MetricComparison::isRegression);
        Decision decision = missing.isEmpty() && !regressed ? Decision.PUBLISH : Decision.REJECT;
        return new GateVerdict(decision, comparisons, missing, notCompared, current.isEmpty());
    }
}

package org.hubdex.trainer.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityGateTest {

    private final QualityGate gate = new QualityGate(MetricRule.parseList("recall@10:higher:0.01, category.accuracy:higher:0.02, loss:lower:0.05"));

    private static final Map<String, Double> CURRENT = Map.of("recall@10", 0.81, "category.accuracy", 0.88, "loss", 0.40);

    @Test
    void theFirstVersionIsPublishedWithoutComparison() {
        GateVerdict v = gate.evaluate(Map.of("recall@10", 0.1, "category.accuracy", 0.1, "loss", 9.0), Optional.empty());
        assertThat(v.decision()).isEqualTo(Decision.PUBLISH);
        assertThat(v.firstVersion()).isTrue();
        assertThat(v.comparisons()).isEmpty();
        assertThat(v.reason()).isEqualTo("PUBLISH: no current version to compare with");
    }

    @Test
    void worseWithinTheToleranceIsPublishedEvenExactlyAtIt() {
        GateVerdict v = gate.evaluate(Map.of("recall@10", 0.80, "category.accuracy", 0.90, "loss", 0.45), Optional.of(CURRENT));
        assertThat(v.publish()).isTrue();
        assertThat(v.regressions()).isEmpty();
        assertThat(v.comparisons()).extracting(MetricComparison::metric).containsExactly("recall@10", "category.accuracy", "loss");
        assertThat(v.comparisons().get(1).worsening()).isNegative();
        assertThat(v.reason()).isEqualTo("PUBLISH: 3 metrics within tolerance");
    }

    @Test
    void aRegressionBeyondItsToleranceRejectsWithItsFigures() {
        GateVerdict v = gate.evaluate(Map.of("recall@10", 0.76, "category.accuracy", 0.88, "loss", 0.40), Optional.of(CURRENT));
        assertThat(v.decision()).isEqualTo(Decision.REJECT);
        assertThat(v.regressions()).singleElement().satisfies(r -> {
            assertThat(r.metric()).isEqualTo("recall@10");
            assertThat(r.current()).isEqualTo(0.81);
            assertThat(r.candidate()).isEqualTo(0.76);
            assertThat(r.tolerance()).isEqualTo(0.01);
            assertThat(r.worsening()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        });
        assertThat(v.reason()).isEqualTo("REJECT: 1 regression: recall@10 0.8100 -> 0.7600 (higher is better): worse by 0.0500, tolerance 0.0100");
    }

    @Test
    void lowerIsBetterMetricsRegressUpwards() {
        GateVerdict worse = gate.evaluate(Map.of("recall@10", 0.81, "category.accuracy", 0.88, "loss", 0.46), Optional.of(CURRENT));
        assertThat(worse.decision()).isEqualTo(Decision.REJECT);
        assertThat(worse.regressions()).extracting(MetricComparison::metric).containsExactly("loss");
        assertThat(worse.reason()).contains("loss 0.4000 -> 0.4600 (lower is better): worse by 0.0600, tolerance 0.0500");
        GateVerdict better = gate.evaluate(Map.of("recall@10", 0.81, "category.accuracy", 0.88, "loss", 0.10), Optional.of(CURRENT));
        assertThat(better.publish()).isTrue();
    }

    @Test
    void everyRegressionIsListedInRuleOrder() {
        GateVerdict v = gate.evaluate(Map.of("recall@10", 0.5, "category.accuracy", 0.5, "loss", 1.0), Optional.of(CURRENT));
        assertThat(v.regressions()).extracting(MetricComparison::metric).containsExactly("recall@10", "category.accuracy", "loss");
        assertThat(v.reason()).startsWith("REJECT: 3 regressions: recall@10");
    }

    @Test
    void aCandidateMissingAMetricIsRejectedEvenAsTheFirstVersion() {
        GateVerdict first = gate.evaluate(Map.of("recall@10", 0.9, "loss", 0.1), Optional.empty());
        assertThat(first.decision()).isEqualTo(Decision.REJECT);
        assertThat(first.missingInCandidate()).containsExactly("category.accuracy");
        assertThat(first.reason()).isEqualTo("REJECT: the candidate does not report category.accuracy");
        GateVerdict nan = gate.evaluate(Map.of("recall@10", Double.NaN, "category.accuracy", 0.9, "loss", 0.1), Optional.of(CURRENT));
        assertThat(nan.decision()).isEqualTo(Decision.REJECT);
        assertThat(nan.reason()).contains("recall@10 (NaN)");
    }

    @Test
    void aMetricTheCurrentVersionLacksIsNotComparedButNoted() {
        GateVerdict v = gate.evaluate(Map.of("recall@10", 0.81, "category.accuracy", 0.88, "loss", 0.40, "extra", 1.0),
                Optional.of(Map.of("recall@10", 0.81, "category.accuracy", 0.88)));
        assertThat(v.publish()).isTrue();
        assertThat(v.notCompared()).containsExactly("loss");
        assertThat(v.comparisons()).hasSize(2);
        assertThat(v.reason()).isEqualTo("PUBLISH: 2 metrics within tolerance; not compared (missing in the current version): loss");
        GateVerdict bothNoted = gate.evaluate(Map.of("recall@10", 0.5, "category.accuracy", 0.88, "loss", 0.40),
                Optional.of(Map.of("recall@10", 0.81, "category.accuracy", 0.88)));
        assertThat(bothNoted.reason()).contains("REJECT: 1 regression: recall@10").endsWith("not compared (missing in the current version): loss");
    }

    @Test
    void rulesParseFromTextAndCheckThemselves() {
        MetricRule r = MetricRule.parse(" ndcg:at:10:LOWER:0.5 ");
        assertThat(r).isEqualTo(new MetricRule("ndcg:at:10", Direction.LOWER_IS_BETTER, 0.5));
        assertThat(MetricRule.parse(r.toString())).isEqualTo(r);
        assertThat(MetricRule.parseList("a:higher:0, ,b:lower:1")).extracting(MetricRule::name).containsExactly("a", "b");
        for (String bad : List.of("recall", "recall:higher", ":higher:0.1", "recall:up:0.1", "recall:higher:x", "recall:higher:-1", "recall:higher:NaN")) {
            assertThatThrownBy(() -> MetricRule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new QualityGate(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QualityGate(MetricRule.parseList("a:higher:0,a:lower:1"))).hasMessageContaining("twice");
    }
}

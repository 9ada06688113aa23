package org.hubdex.weightspace.probex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultiLabelMetricsTest {

    private static final List<String> VOCABULARY = List.of("a", "b", "c");

    @Test
    void countsDecisionsAtHalfAndWholeSets() {
        // model 1: predicts {a} (b exactly at 0.5 is not predicted), truth {a}: 3 of 3 right, exact
        // model 2: predicts {a, c}, truth {b, c}: a wrong, b wrong, c right: 1 of 3
        MultiLabelMetrics m = MultiLabelMetrics.of(VOCABULARY,
                List.of(Map.of("a", 0.9, "b", 0.5, "c", 0.1), Map.of("a", 0.51, "b", 0.2, "c", 0.7)),
                List.of(Set.of("a"), Set.of("b", "c")));
        assertThat(m.models()).isEqualTo(2);
        assertThat(m.elementAccuracy()).isEqualTo(4.0 / 6);
        assertThat(m.exactSetAccuracy()).isEqualTo(0.5);
    }

    @Test
    void ignoresTruthOutsideTheVocabularyAndTreatsMissingProbabilitiesAsNo() {
        MultiLabelMetrics m = MultiLabelMetrics.of(VOCABULARY, List.of(Map.of("a", 0.8)), List.of(Set.of("a", "z")));
        assertThat(m.elementAccuracy()).isEqualTo(1.0);
        assertThat(m.exactSetAccuracy()).isEqualTo(1.0);
    }

    @Test
    void allNoScoresTheShareOfNegatives() {
        MultiLabelMetrics m = MultiLabelMetrics.of(new double[][] {{0, 0, 0, 0}}, new boolean[][] {{true, false, false, false}});
        assertThat(m.elementAccuracy()).isEqualTo(0.75);
        assertThat(m.exactSetAccuracy()).isZero();
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThatThrownBy(() -> MultiLabelMetrics.of(new double[][] {{0.1}}, new boolean[][] {})).hasMessageContaining("1 predictions");
        assertThatThrownBy(() -> MultiLabelMetrics.of(new double[0][], new boolean[0][])).hasMessageContaining("no models");
    }
}

package org.hubdex.weightspace.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.hubdex.weightspace.eval.RetrievalMetrics.Query;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

    // q1: first relevant at rank 3, one of its two relevant ids ever found
    private static final Query Q1 = new Query(List.of("a", "b", "c", "d"), Set.of("c", "x"));
    // q2: both relevant ids ranked, at 1 and 3
    private static final Query Q2 = new Query(List.of("e", "f", "g"), Set.of("e", "g"));
    // q3: nothing relevant ranked
    private static final Query Q3 = new Query(List.of("h", "i"), Set.of("z"));

    @Test
    void perQueryValuesByHand() {
        assertThat(RetrievalMetrics.hitAt(Q1, 1)).isZero();
        assertThat(RetrievalMetrics.hitAt(Q1, 3)).isEqualTo(1.0);
        assertThat(RetrievalMetrics.recallAt(Q1, 3)).isEqualTo(0.5); // 1 / min(3, 2)
        assertThat(RetrievalMetrics.reciprocalRank(Q1)).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(RetrievalMetrics.recallAt(Q2, 1)).isEqualTo(1.0); // 1 / min(1, 2)
        assertThat(RetrievalMetrics.recallAt(Q2, 2)).isEqualTo(0.5);
        assertThat(RetrievalMetrics.recallAt(Q2, 3)).isEqualTo(1.0);
        assertThat(RetrievalMetrics.reciprocalRank(Q2)).isEqualTo(1.0);
        assertThat(RetrievalMetrics.hitAt(Q3, 10)).isZero();
        assertThat(RetrievalMetrics.reciprocalRank(Q3)).isZero();
    }

    @Test
    void averagesOverQueries() {
        RetrievalMetrics at3 = RetrievalMetrics.of(List.of(Q1, Q2, Q3), 3);
        assertThat(at3.queries()).isEqualTo(3);
        assertThat(at3.hitAtK()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(at3.recallAtK()).isCloseTo(0.5, within(1e-15)); // (0.5 + 1 + 0) / 3
        assertThat(at3.meanReciprocalRank()).isCloseTo(4.0 / 9, within(1e-15)); // (1/3 + 1 + 0) / 3
        RetrievalMetrics at1 = RetrievalMetrics.of(List.of(Q1, Q2, Q3), 1);
        assertThat(at1.hitAtK()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(at1.recallAtK()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(at1.meanReciprocalRank()).isEqualTo(at3.meanReciprocalRank());
    }

    @Test
    void aRepeatedIdCountsOnce() {
        Query repeated = new Query(List.of("a", "a", "b"), Set.of("a", "b"));
        assertThat(RetrievalMetrics.recallAt(repeated, 2)).isEqualTo(0.5);
    }

    @Test
    void aKBeyondTheRankingUsesAllOfIt() {
        assertThat(RetrievalMetrics.recallAt(Q2, 100)).isEqualTo(1.0);
    }

    @Test
    void undefinedQueriesAreRefused() {
        assertThatThrownBy(() -> new Query(List.of("a"), Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrievalMetrics.of(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrievalMetrics.of(List.of(Q1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.hubdex.trainer.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hubdex.trainer.schedule.RetrainDecision.Reason;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private final RetrainPolicy policy = RetrainPolicy.DEFAULT;

    private Reason decide(Duration sinceLast, long entries) {
        return policy.decide(Optional.of(T0), entries, T0.plus(sinceLast)).reason();
    }

    @Test
    void defaultsAreSixHoursAHundredEntriesTenMinutes() {
        assertThat(policy).isEqualTo(new RetrainPolicy(Duration.ofHours(6), 100, Duration.ofMinutes(10)));
    }

    @Test
    void theIntervalOrTheNewEntriesTriggerWhicheverComesFirst() {
        assertThat(decide(Duration.ofHours(5), 99)).isEqualTo(Reason.NOT_DUE);
        assertThat(decide(Duration.ofHours(6), 0)).isEqualTo(Reason.INTERVAL_ELAPSED);
        assertThat(decide(Duration.ofHours(6).minusSeconds(1), 0)).isEqualTo(Reason.NOT_DUE);
        assertThat(decide(Duration.ofHours(1), 100)).isEqualTo(Reason.NEW_ENTRIES);
        assertThat(decide(Duration.ofHours(7), 500)).as("both: the interval is named").isEqualTo(Reason.INTERVAL_ELAPSED);
    }

    @Test
    void neverMoreOftenThanTheMinimumGap() {
        assertThat(decide(Duration.ofMinutes(9), 10_000)).isEqualTo(Reason.MIN_GAP);
        assertThat(decide(Duration.ofMinutes(10), 10_000)).isEqualTo(Reason.NEW_ENTRIES);
        RetrainDecision d = policy.decide(Optional.of(T0), 10_000, T0.plusSeconds(60));
        assertThat(d.retrain()).isFalse();
        assertThat(d.detail()).contains("60s since the last training", "10000 new entries", "minimum gap of 600s");
    }

    @Test
    void theFirstTrainingWaitsOnlyForAnEntry() {
        assertThat(policy.decide(Optional.empty(), 0, T0).reason()).isEqualTo(Reason.EMPTY_CORPUS);
        assertThat(policy.decide(Optional.empty(), 1, T0).reason()).isEqualTo(Reason.FIRST_TRAINING);
        assertThat(policy.decide(Optional.empty(), 1, T0).retrain()).isTrue();
    }

    @Test
    void badPoliciesAreRefused() {
        assertThatThrownBy(() -> new RetrainPolicy(Duration.ZERO, 1, Duration.ZERO)).hasMessageContaining("interval");
        assertThatThrownBy(() -> new RetrainPolicy(Duration.ofHours(1), 0, Duration.ZERO)).hasMessageContaining("minNewEntries");
        assertThatThrownBy(() -> new RetrainPolicy(Duration.ofHours(1), 1, Duration.ofHours(2))).hasMessageContaining("minGap");
    }
}

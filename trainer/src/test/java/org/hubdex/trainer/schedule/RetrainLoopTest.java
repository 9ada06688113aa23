package org.hubdex.trainer.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrainLoopTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    private final FakeClock clock = new FakeClock(T0);
    /** Arrival times of corpus entries. */
    private final List<Instant> entries = new ArrayList<>();
    private final List<Instant> trainings = new ArrayList<>();
    private int failuresToThrow;

    private final RetrainAction action = () -> {
        trainings.add(clock.instant());
        if (failuresToThrow > 0) {
            failuresToThrow--;
            throw new IOException("disk full");
        }
        return new TrainingOutcome("v" + trainings.size(), trainings.size() % 2 == 1, "gate said so");
    };

    private final NewEntryCounter counter = since -> entries.stream().filter(t -> !t.isBefore(since)).count();

    private RetrainLoop.Builder loop() {
        return RetrainLoop.builder().setAction(action).setNewEntryCounter(counter).optClock(clock)
                .optCheckInterval(Duration.ofMinutes(1)).optSleeper(clock::advance);
    }

    private void arrive(int n) {
        for (int i = 0; i < n; i++) {
            entries.add(clock.instant());
        }
    }

    @Test
    void trainsFirstOnTheFirstEntryThenOnTheScheduleOrOnNewEntries() {
        RetrainLoop loop = loop().build();
        assertThat(loop.tick().decision().orElseThrow().reason()).isEqualTo(RetrainDecision.Reason.EMPTY_CORPUS);
        arrive(3);
        Tick first = loop.tick();
        assertThat(first.status()).isEqualTo(Tick.Status.TRAINED);
        assertThat(first.outcome()).contains(new TrainingOutcome("v1", true, "gate said so"));
        assertThat(loop.lastTraining()).contains(T0);

        clock.advance(Duration.ofMinutes(5));
        arrive(150);
        assertThat(loop.tick().decision().orElseThrow().reason()).isEqualTo(RetrainDecision.Reason.MIN_GAP);
        clock.advance(Duration.ofMinutes(5));
        Tick second = loop.tick();
        assertThat(second.decision().orElseThrow().reason()).isEqualTo(RetrainDecision.Reason.NEW_ENTRIES);
        assertThat(second.outcome().orElseThrow().published()).as("a rejected candidate still counts as a training").isFalse();

        clock.advance(Duration.ofHours(6).minusSeconds(1));
        arrive(99);
        assertThat(loop.tick().status()).isEqualTo(Tick.Status.WAITING);
        clock.advance(Duration.ofSeconds(1));
        assertThat(loop.tick().decision().orElseThrow().reason()).isEqualTo(RetrainDecision.Reason.INTERVAL_ELAPSED);
        assertThat(trainings).containsExactly(T0, T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(10)).plus(Duration.ofHours(6)));
    }

    @Test
    void entriesArrivingDuringATrainingCountTowardTheNext() {
        RetrainLoop loop = RetrainLoop.builder().setNewEntryCounter(counter).optClock(clock).setAction(() -> {
            trainings.add(clock.instant());
            clock.advance(Duration.ofMinutes(30)); // training takes half an hour, while 100 entries arrive
            arrive(100);
            return new TrainingOutcome("v", true, "ok");
        }).build();
        arrive(1);
        loop.tick();
        assertThat(loop.lastTraining()).as("the start of the training").contains(T0);
        assertThat(loop.tick().decision().orElseThrow().reason()).isEqualTo(RetrainDecision.Reason.NEW_ENTRIES);
    }

    @Test
    void aFailingActionIsSurvivedWithAGrowingBackOff() {
        RetrainLoop loop = loop().optMaxBackoff(Duration.ofMinutes(4)).build();
        arrive(1);
        failuresToThrow = 4;
        Tick failed = loop.tick();
        assertThat(failed.status()).isEqualTo(Tick.Status.FAILED);
        assertThat(failed.detail()).contains("disk full", "backing off 60s");
        assertThat(loop.lastTraining()).isEmpty();
        assertThat(loop.consecutiveFailures()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(loop.tick().status()).as("tries again at the next check").isEqualTo(Tick.Status.FAILED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(loop.tick().status()).as("second failure: 2 min").isEqualTo(Tick.Status.BACKING_OFF);
        clock.advance(Duration.ofMinutes(1));
        assertThat(loop.tick().status()).isEqualTo(Tick.Status.FAILED);
        clock.advance(Duration.ofMinutes(3));
        assertThat(loop.tick().status()).as("third failure: 4 min").isEqualTo(Tick.Status.BACKING_OFF);
        clock.advance(Duration.ofMinutes(1));
        assertThat(loop.tick().status()).isEqualTo(Tick.Status.FAILED);
        assertThat(loop.backoff(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(loop.backoff(40)).as("capped").isEqualTo(Duration.ofMinutes(4));
        clock.advance(Duration.ofMinutes(4));
        Tick ok = loop.tick();
        assertThat(ok.status()).isEqualTo(Tick.Status.TRAINED);
        assertThat(loop.consecutiveFailures()).isZero();
        assertThat(loop.lastTraining()).contains(clock.instant());
        assertThat(trainings).hasSize(5);
    }

    @Test
    void aFailingCounterIsSurvivedToo() {
        AtomicInteger calls = new AtomicInteger();
        RetrainLoop loop = loop().setNewEntryCounter(since -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("corpus locked");
            }
            return 1;
        }).build();
        assertThat(loop.tick().status()).isEqualTo(Tick.Status.FAILED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(loop.tick().status()).isEqualTo(Tick.Status.TRAINED);
    }

    @Test
    void runChecksEveryIntervalOverADayOfFakeTime() {
        AtomicInteger sleeps = new AtomicInteger();
        RetrainLoop[] holder = new RetrainLoop[1];
        RetrainLoop loop = loop().optLastTraining(Optional.of(T0)).optSleeper(d -> {
            clock.advance(d);
            if (sleeps.incrementAndGet() == 24 * 60) {
                holder[0].stop();
            }
        }).build();
        holder[0] = loop;
        failuresToThrow = 1; // the 6 h training fails once, and is retried a minute later
        loop.run();
        assertThat(sleeps.get()).isEqualTo(24 * 60);
        assertThat(trainings).containsExactly(T0.plus(Duration.ofHours(6)), T0.plus(Duration.ofHours(6)).plus(Duration.ofMinutes(1)),
                T0.plus(Duration.ofHours(12)).plus(Duration.ofMinutes(1)), T0.plus(Duration.ofHours(18)).plus(Duration.ofMinutes(1)));
    }

    @Test
    void anInterruptStopsTheLoop() {
        RetrainLoop loop = loop().setAction(() -> {
            throw new InterruptedException("shutting down");
        }).build();
        arrive(1);
        loop.run();
        assertThat(Thread.interrupted()).as("the interrupt is kept (and cleared here)").isTrue();
        assertThat(loop.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void theBuilderRefusesAnIncompleteLoop() {
        assertThatThrownBy(() -> RetrainLoop.builder().setAction(action).build()).hasMessageContaining("setNewEntryCounter");
        assertThatThrownBy(() -> loop().optCheckInterval(Duration.ZERO).build()).hasMessageContaining("check interval");
        assertThatThrownBy(() -> loop().optMaxBackoff(Duration.ofSeconds(1)).build()).hasMessageContaining("back-off");
    }
}

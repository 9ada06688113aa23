package org.hubdex.trainer.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's schedule: every {@code checkInterval} it counts the corpus entries that arrived since the last
 * training, asks the {@link RetrainPolicy}, and runs the {@link RetrainAction} when it says so. A training that
 * returns (published or rejected) counts as the last training, from the moment it started, so entries arriving
 * during it count toward the next. An exception (from the action or the counter) is logged and the loop backs off:
 * the next attempt waits one check interval after the first failure, then doubles up to {@code maxBackoff}; the
 * last training does not move, so the policy still wants to retrain when the back-off ends.
 *
 * <p>Lifecycle: build, {@link #run()} on a thread of its own until {@link #stop()} or an interrupt; or call
 * {@link #tick()} directly. Clock and sleeper are injected, so tests run hours of schedule in milliseconds.
 * {@link #tick()} and {@link #run()} must not run on two threads at once; {@link #stop()} may be called from any.
 */
public final class RetrainLoop {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainLoop.class);

    private final RetrainPolicy policy;
    private final RetrainAction action;
    private final NewEntryCounter counter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration checkInterval;
    private final Duration maxBackoff;
    private Optional<Instant> lastTraining;
    private int consecutiveFailures;
    private Instant notBefore = Instant.MIN;
    private volatile boolean stopped;

    private RetrainLoop(Builder b) {
        this.policy = b.policy;
        this.action = b.action;
        this.counter = b.counter;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.checkInterval = b.checkInterval;
        this.maxBackoff = b.maxBackoff;
        this.lastTraining = b.lastTraining;
    }

    /** A builder: {@code setX} for the action and counter, {@code optX} for the rest. */
    public static Builder builder() {
        return new Builder();
    }

    /** Checks once, running a training if the policy says so. Never throws for a failing action or counter. */
    public Tick tick() {
        Instant now = clock.instant();
        if (now.isBefore(notBefore)) {
            return logged(new Tick(Tick.Status.BACKING_OFF, Optional.empty(), Optional.empty(),
                    "backing off after " + consecutiveFailures + " failure(s) until " + notBefore));
        }
        RetrainDecision decision = null;
        try {
            long entries = counter.countSince(lastTraining.orElse(Instant.EPOCH));
            decision = policy.decide(lastTraining, entries, now);
            if (!decision.retrain()) {
                return logged(new Tick(Tick.Status.WAITING, Optional.of(decision), Optional.empty(), decision.reason() + ": " + decision.detail()));
            }
            LOG.info("Retraining ({}): {}", decision.reason(), decision.detail());
            TrainingOutcome outcome = Objects.requireNonNull(action.run(), "the retrain action returned no outcome");
            lastTraining = Optional.of(now);
            consecutiveFailures = 0;
            notBefore = Instant.MIN;
            return logged(new Tick(Tick.Status.TRAINED, Optional.of(decision), Optional.of(outcome),
                    outcome.version() + (outcome.published() ? " published: " : " not published: ") + outcome.reason()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
            consecutiveFailures++;
            Duration backoff = backoff(consecutiveFailures);
            notBefore = clock.instant().plus(backoff);
            LOG.error("Retraining failed ({} in a row); next attempt not before {} (back-off {}s)", consecutiveFailures, notBefore,
                    backoff.toSeconds(), e);
            return new Tick(Tick.Status.FAILED, Optional.ofNullable(decision), Optional.empty(),
                    "failed: " + e + "; backing off " + backoff.toSeconds() + "s");
        }
    }

    /** Checks every check interval until {@link #stop()} or an interrupt. */
    public void run() {
        LOG.info("Retrain loop started: {}, checking every {}s, last training {}", policy, checkInterval.toSeconds(),
                lastTraining.map(Instant::toString).orElse("none"));
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            tick();
            if (stopped) {
                break;
            }
            try {
                sleeper.sleep(checkInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.info("Retrain loop stopped");
    }

    /** Makes {@link #run()} return after its current check or sleep. */
    public void stop() {
        stopped = true;
    }

    /** When the last training that returned started. */
    public Optional<Instant> lastTraining() {
        return lastTraining;
    }

    /** Failures since the last training that returned. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The wait after the {@code n}-th failure in a row: one check interval, doubling, at most {@code maxBackoff}. */
    Duration backoff(int n) {
        Duration d = checkInterval;
        for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private static Tick logged(Tick tick) {
        if (tick.status() == Tick.Status.TRAINED) {
            LOG.info("Retraining done: {}", tick.detail());
        } else {
            LOG.debug("Retrain check: {}", tick.detail());
        }
        return tick;
    }

    /** Builds a {@link RetrainLoop}; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {
        private RetrainPolicy policy = RetrainPolicy.DEFAULT;
        private RetrainAction action;
        private NewEntryCounter counter;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Duration checkInterval = Duration.ofMinutes(1);
        private Duration maxBackoff = Duration.ofHours(1);
        private Optional<Instant> lastTraining = Optional.empty();

        private Builder() {
        }

        /** When to retrain; default {@link RetrainPolicy#DEFAULT}. */
        public Builder optPolicy(RetrainPolicy value) {
            policy = value;
            return this;
        }

        public Builder setAction(RetrainAction value) {
            action = value;
            return this;
        }

        public Builder setNewEntryCounter(NewEntryCounter value) {
            counter = value;
            return this;
        }

        public Builder optClock(Clock value) {
            clock = value;
            return this;
        }

        public Builder optSleeper(Sleeper value) {
            sleeper = value;
            return this;
        }

        /** How often the loop checks; default 1 min. */
        public Builder optCheckInterval(Duration value) {
            checkInterval = value;
            return this;
        }

        /** The longest back-off after repeated failures; default 1 h. */
        public Builder optMaxBackoff(Duration value) {
            maxBackoff = value;
            return this;
        }

        /** When the last training started, e.g. the current registry version's {@code createdAt}; default none. */
        public Builder optLastTraining(Optional<Instant> value) {
            lastTraining = value;
            return this;
        }

        public RetrainLoop build() {
            if (action == null || counter == null) {
                throw new IllegalStateException("a retrain loop needs setAction and setNewEntryCounter");
            }
            if (policy == null) {
                throw new IllegalStateException("optPolicy was given null; leave it out for RetrainPolicy.DEFAULT");
            }
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(sleeper, "sleeper");
            Objects.requireNonNull(lastTraining, "lastTraining (Optional.empty() for none)");
            if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalStateException("the check interval must be positive, got " + checkInterval);
            }
            if (maxBackoff == null || maxBackoff.compareTo(checkInterval) < 0) {
                throw new IllegalStateException("the maximum back-off must be at least the check interval (" + checkInterval + "), got " + maxBackoff);
            }
            return new RetrainLoop(this);
        }
    }
}

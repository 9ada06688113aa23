package org.hubdex.trainer.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When to retrain: once {@code interval} has passed since the last training, or once at least {@code minNewEntries}
 * corpus entries arrived since it, whichever comes first, but never sooner than {@code minGap} after it. With no
 * training yet, as soon as the corpus holds an entry: a registry without a version serves nothing, so any version
 * beats none. A pure function of its inputs; immutable.
 *
 * @param interval the schedule: retrain at least this often while entries keep coming or not
 * @param minNewEntries this many new corpus entries trigger a retraining before the interval is up
 * @param minGap the least time between two trainings, whatever triggers them
 */
public record RetrainPolicy(Duration interval, long minNewEntries, Duration minGap) {

    /** 6 h, 100 new entries, 10 min. */
    public static final RetrainPolicy DEFAULT = new RetrainPolicy(Duration.ofHours(6), 100, Duration.ofMinutes(10));

    public RetrainPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(minGap, "minGap");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the retrain interval must be positive, got " + interval);
        }
        if (minNewEntries < 1) {
            throw new IllegalArgumentException("minNewEntries must be 1 or more, got " + minNewEntries);
        }
        if (minGap.isNegative()) {
            throw new IllegalArgumentException("minGap must be 0 or more, got " + minGap);
        }
        if (minGap.compareTo(interval) > 0) {
            throw new IllegalArgumentException("minGap (" + minGap + ") cannot exceed the interval (" + interval + ")");
        }
    }

    /**
     * The decision at {@code now}.
     *
     * @param lastTraining when the last training started, if any
     * @param newEntries corpus entries since {@code lastTraining} (all of them when there was none)
     */
    public RetrainDecision decide(Optional<Instant> lastTraining, long newEntries, Instant now) {
        if (lastTraining.isEmpty()) {
            return newEntries > 0
                    ? new RetrainDecision(RetrainDecision.Reason.FIRST_TRAINING, "no version trained yet; the corpus has " + newEntries + " entries")
                    : new RetrainDecision(RetrainDecision.Reason.EMPTY_CORPUS, "no version trained yet and the corpus is empty");
        }
        Duration since = Duration.between(lastTraining.get(), now);
        boolean intervalUp = since.compareTo(interval) >= 0;
        boolean enoughEntries = newEntries >= minNewEntries;
        String figures = since.toSeconds() + "s since the last training (interval " + interval.toSeconds() + "s), " + newEntries
                + " new entries (trigger " + minNewEntries + ")";
        if (!intervalUp && !enoughEntries) {
            return new RetrainDecision(RetrainDecision.Reason.NOT_DUE, figures);
        }
        if (since.compareTo(minGap) < 0) {
            return new RetrainDecision(RetrainDecision.Reason.MIN_GAP, figures + "; waiting for the minimum gap of " + minGap.toSeconds() + "s");
        }
        return intervalUp
                ? new RetrainDecision(RetrainDecision.Reason.INTERVAL_ELAPSED, figures)
                : new RetrainDecision(RetrainDecision.Reason.NEW_ENTRIES, figures);
    }
}

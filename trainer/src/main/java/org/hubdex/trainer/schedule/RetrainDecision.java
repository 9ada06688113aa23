package org.hubdex.trainer.schedule;

import java.util.Objects;

/**
 * Whether to retrain now, and why.
 *
 * @param reason the rule that decided
 * @param detail the figures behind it, for the log
 */
public record RetrainDecision(Reason reason, String detail) {

    /** The rule that decided. */
    public enum Reason {
        /** Retrain: nothing was ever trained and the corpus has entries. */
        FIRST_TRAINING(true),
        /** Retrain: the schedule interval has passed since the last training. */
        INTERVAL_ELAPSED(true),
        /** Retrain: enough new corpus entries arrived since the last training. */
        NEW_ENTRIES(true),
        /** Wait: a trigger fired, but the minimum gap since the last training has not passed. */
        MIN_GAP(false),
        /** Wait: neither the interval nor the new entries call for it yet. */
        NOT_DUE(false),
        /** Wait: nothing was ever trained and the corpus is empty. */
        EMPTY_CORPUS(false);

        private final boolean retrain;

        Reason(boolean retrain) {
            this.retrain = retrain;
        }

        public boolean retrain() {
            return retrain;
        }
    }

    public RetrainDecision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** Whether to retrain now. */
    public boolean retrain() {
        return reason.retrain();
    }
}

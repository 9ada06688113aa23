package org.hubdex.trainer.schedule;

import java.util.Objects;
import java.util.Optional;

/**
 * What one check of the {@link RetrainLoop} did.
 *
 * @param status what happened
 * @param decision the policy's decision, when it was asked
 * @param outcome the training's outcome, when one ran to the end
 * @param detail a readable account, as logged
 */
public record Tick(Status status, Optional<RetrainDecision> decision, Optional<TrainingOutcome> outcome, String detail) {

    /** What one check did. */
    public enum Status {
        /** The policy said wait. */
        WAITING,
        /** A training ran and returned an outcome (published or not). */
        TRAINED,
        /** Counting entries or training threw; the loop backs off. */
        FAILED,
        /** Still backing off after a failure: the policy was not asked. */
        BACKING_OFF
    }

    public Tick {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}

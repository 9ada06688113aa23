package org.hubdex.trainer.schedule;

import java.util.Objects;

/**
 * What one retraining produced.
 *
 * @param version the candidate's version id
 * @param published whether it passed the gate and became current
 * @param reason why: the gate's verdict, or what stopped it
 */
public record TrainingOutcome(String version, boolean published, String reason) {

    public TrainingOutcome {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a training outcome names the candidate's version");
        }
        Objects.requireNonNull(reason, "reason");
    }
}

package org.hubdex.weightspace.backbone;

/**
 * Receives a {@link BackboneTrainer}'s progress on the training thread: after every step, and after every
 * validation (at the start, every {@code evalEvery} steps and at the end; {@link TrainingProgress#validated()}).
 * A listener that prints loss curves filters what it needs; it should return quickly, since the step waits.
 */
@FunctionalInterface
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = progress -> { };

    void onProgress(TrainingProgress progress);
}

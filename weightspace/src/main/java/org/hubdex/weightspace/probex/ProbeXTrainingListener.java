package org.hubdex.weightspace.probex;

/**
 * Told after every epoch of {@link ProbeXTrainer#train}, on the training thread (keep it quick). A listener, not a
 * flag, so that the caller decides what to print, plot or record.
 */
@FunctionalInterface
public interface ProbeXTrainingListener {

    /** A listener that ignores every report. */
    ProbeXTrainingListener NONE = report -> { };

    void onEpoch(EpochReport report);
}

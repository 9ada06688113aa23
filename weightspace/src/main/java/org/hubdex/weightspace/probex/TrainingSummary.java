package org.hubdex.weightspace.probex;

import java.util.Optional;

/**
 * How an expert was trained, saved with it.
 *
 * @param trainModels training models
 * @param validationModels validation models
 * @param epochsRun epochs trained
 * @param bestEpoch the epoch whose parameters the expert holds (1-based)
 * @param seconds wall-clock training time
 * @param bestValidation the validation figures of the kept epoch; empty without validation models
 */
public record TrainingSummary(int trainModels, int validationModels, int epochsRun, int bestEpoch, double seconds,
        Optional<ValidationMetrics> bestValidation) {
}

package org.hubdex.weightspace.probex;

import java.util.Optional;

/**
 * Progress after one training epoch, for curves and logs.
 *
 * @param epoch 1-based
 * @param epochs the configured number of epochs
 * @param trainCategoryLoss mean binary cross-entropy over the epoch's steps (weighted by batch size)
 * @param trainTextLoss mean text cross-entropy over the epoch's steps
 * @param validation the validation figures; empty when there are no validation models
 * @param best whether this epoch is the best so far (the one the expert will keep if none beats it)
 * @param elapsedSeconds since training began
 */
public record EpochReport(int epoch, int epochs, double trainCategoryLoss, double trainTextLoss,
        Optional<ValidationMetrics> validation, boolean best, double elapsedSeconds) {
}

package org.hubdex.weightspace.backbone;

import java.util.OptionalDouble;

/**
 * Where a training run stands.
 *
 * @param step steps done
 * @param maxSteps the step budget (0: none)
 * @param maxSeconds the time budget (0: none)
 * @param epochs windows trained on over the windows that tile the training set once (an epoch equivalent)
 * @param loss the last step's total loss {@code gamma * contrastive + (1 - gamma) * reconstruction}; NaN before the
 *     first step
 * @param reconstructionLoss the last step's MLN reconstruction loss (NaN before the first step)
 * @param contrastiveLoss the last step's NT-Xent loss (NaN before the first step)
 * @param validationLoss on validation reports, the MLN reconstruction loss of the validation windows (clean, no
 *     augmentation); empty on step reports and when there is no validation set
 * @param validated whether this report comes from a validation (at the start, every {@code evalEvery} steps, at the
 *     end)
 * @param learningRate the rate the last step used (NaN before the first step)
 * @param elapsedSeconds wall-clock time since training started
 * @param etaSeconds estimated seconds to the end of the budget (NaN before the first step)
 */
public record TrainingProgress(int step, int maxSteps, double maxSeconds, double epochs, double loss,
        double reconstructionLoss, double contrastiveLoss, OptionalDouble validationLoss, boolean validated,
        double learningRate, double elapsedSeconds, double etaSeconds) {
}

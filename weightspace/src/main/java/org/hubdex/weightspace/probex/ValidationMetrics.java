package org.hubdex.weightspace.probex;

/**
 * An expert's figures on the validation models after one epoch.
 *
 * @param models number of validation models
 * @param categoryLoss mean binary cross-entropy over the vocabulary (categories outside the training vocabulary
 *     cannot be predicted and are not counted)
 * @param textLoss cross-entropy of each model's own description against the candidate texts (the distinct
 *     descriptions of the training and validation models), at the configured temperature
 * @param loss {@code categoryLoss + textLossWeight * textLoss}, the trained objective
 * @param elementAccuracy element-wise accuracy at probability above 0.5 over the vocabulary
 * @param exactSetAccuracy the fraction of models whose whole predicted category set is right
 * @param textTop1 the fraction of models whose own description is the nearest candidate text
 */
public record ValidationMetrics(int models, double categoryLoss, double textLoss, double loss, double elementAccuracy,
        double exactSetAccuracy, double textTop1) {
}

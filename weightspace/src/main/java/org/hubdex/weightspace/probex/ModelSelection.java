package org.hubdex.weightspace.probex;

/**
 * Which epoch's parameters a trained expert keeps, judged on the validation models after every epoch (the paper
 * selects on validation too). Without validation models the last epoch is kept.
 */
public enum ModelSelection {
    /** The lowest validation loss (category loss plus the weighted text loss, as trained). */
    VALIDATION_LOSS,
    /**
     * The highest validation element-wise category accuracy plus text top-1 accuracy, ties broken by the lower
     * validation loss (a small validation set ties often, and then the better calibrated epoch wins).
     */
    VALIDATION_ACCURACY
}

package org.hubdex.weightspace.backbone;

import ai.djl.training.tracker.ParameterTracker;

/**
 * The reference's one-cycle shape: a linear warm-up from 0 to the peak over the first {@code warmupFraction} of
 * the budget, then a cosine decay to 1% of the peak at its end. Driven by the trainer's progress through the
 * budget ({@link #progress}), not by DJL's per-parameter update counts, so that a time budget works as well as a
 * step budget.
 *
 * <p>Progress is set by the training thread between steps and read by the optimizer on the same thread.
 */
final class LearningRateSchedule implements ParameterTracker {

    static final double FINAL_FRACTION = 0.01;

    private final double peak;
    private final double warmup;
    private double progress;

    LearningRateSchedule(double peak, double warmupFraction) {
        this.peak = peak;
        this.warmup = warmupFraction;
    }

    /** Sets how far through the budget training is, in [0, 1]. */
    void progress(double fraction) {
        this.progress = Math.max(0, Math.min(1, fraction));
    }

    /** The rate at the current progress. */
    double rate() {
        if (progress < warmup) {
            return peak * Math.max(progress / warmup, 1e-3);
        }
        double t = warmup >= 1 ? 1 : (progress - warmup) / (1 - warmup);
        double low = peak * FINAL_FRACTION;
        return low + (peak - low) * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return (float) rate();
    }
}

package org.hubdex.weightspace.backbone;

/**
 * The one rule for a degenerate model (a diverged fine-tune: the hub keeps them, the zoo has a few with weights near
 * 1e9): a weight that is not finite or beyond {@link #MAGNITUDE}. The backbone leaves such models out of its input
 * scale and training; the trainer keeps them out of router centres, experts and head classifiers. All of them are
 * still embedded.
 */
public final class DegenerateWeights {

    /** Weights of a larger magnitude mark a degenerate model. */
    public static final float MAGNITUDE = 1e3f;

    private DegenerateWeights() {
    }

    /** Whether {@code value} is a sound weight. */
    public static boolean sound(float value) {
        return Math.abs(value) <= MAGNITUDE; // false for NaN too
    }

    /** Whether any of {@code values} is not sound. */
    public static boolean any(float[] values) {
        for (float v : values) {
            if (!sound(v)) {
                return true;
            }
        }
        return false;
    }
}

package org.hubdex.trainer.gate;

import java.util.Locale;

/** Which way a metric improves. */
public enum Direction {
    /** Larger is better (accuracy, recall). */
    HIGHER_IS_BETTER("higher"),
    /** Smaller is better (loss, error rate). */
    LOWER_IS_BETTER("lower");

    private final String word;

    Direction(String word) {
        this.word = word;
    }

    /** {@code higher} or {@code lower}, as the settings write it. */
    public String word() {
        return word;
    }

    /** How much worse {@code candidate} is than {@code current}: positive when worse, negative when better. */
    public double worsening(double current, double candidate) {
        return this == HIGHER_IS_BETTER ? current - candidate : candidate - current;
    }

    /** Parses {@code higher} or {@code lower} (any case). */
    public static Direction parse(String text) {
        for (Direction d : values()) {
            if (d.word.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("a direction is 'higher' or 'lower' (which is better), got '" + text + "'");
    }
}

package org.hubdex.trends.internal;

import java.util.Optional;

/**
 * When a count is a surge: it reaches {@code minCount} and {@code factor} times its baseline (the mean count of
 * the {@code baselineWindows} windows before it, missing ones counting 0). A baseline of 0 with a count of at
 * least {@code minCount} is a surge too: a value that was absent (a new architecture, a new tree) appears in
 * strength. Immutable and thread-safe.
 *
 * @param factor the multiple of the baseline a count must reach; above 1
 * @param minCount the smallest count that may alert
 * @param baselineWindows windows averaged into the baseline
 */
public record AlertRule(double factor, long minCount, int baselineWindows) {

    /** The verdict on one count. */
    public record Verdict(long count, double baseline, Optional<Double> ratio) {
    }

    /** A surge verdict when {@code count} over {@code baselineSum} (summed over the baseline windows) is one. */
    public Optional<Verdict> evaluate(long count, long baselineSum) {
        if (count < minCount) {
            return Optional.empty();
        }
        double baseline = (double) baselineSum / baselineWindows;
        if (baseline > 0 && count < factor * baseline) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(count, baseline, baseline > 0 ? Optional.of(count / baseline) : Optional.empty()));
    }
}

package org.hubdex.trainer.gate;

import java.util.Locale;

/**
 * One metric of the candidate against the current version's.
 *
 * @param metric the metric's name
 * @param direction which way it improves
 * @param current the current version's value
 * @param candidate the candidate's value
 * @param tolerance how much worse the candidate may be
 */
public record MetricComparison(String metric, Direction direction, double current, double candidate, double tolerance) {

    /** How much worse the candidate is: positive when worse, negative when better. */
    public double worsening() {
        return direction.worsening(current, candidate);
    }

    /**
     * Whether the candidate is worse by more than the tolerance. Worse by exactly the tolerance passes, also when
     * binary floating point makes {@code 0.81 - 0.80} come out a hair above {@code 0.01}: differences below a
     * billionth of the values' magnitude count as rounding.
     */
    public boolean isRegression() {
        double rounding = 1e-9 * Math.max(1.0, Math.max(Math.abs(current), Math.abs(candidate)));
        return worsening() - tolerance > rounding;
    }

    /** E.g. {@code recall@10 0.8100 -> 0.7600 (higher is better): worse by 0.0500, tolerance 0.0200}. */
    public String describe() {
        double w = worsening();
        String change = w > 0 ? "worse by " + fmt(w) : w < 0 ? "better by " + fmt(-w) : "unchanged";
        return metric + " " + fmt(current) + " -> " + fmt(candidate) + " (" + direction.word() + " is better): " + change
                + ", tolerance " + fmt(tolerance);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

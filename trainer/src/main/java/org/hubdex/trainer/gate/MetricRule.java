package org.hubdex.trainer.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One metric the quality gate checks: its name, which way it improves, and by how much (absolute, in the metric's
 * own unit) a candidate may be worse than the current version before the gate rejects it. Text form
 * {@code name:higher|lower:tolerance}, e.g. {@code recall@10:higher:0.01}.
 */
public record MetricRule(String name, Direction direction, double tolerance) {

    public MetricRule {
        if (name == null || name.isBlank() || name.contains(",")) {
            throw new IllegalArgumentException("a metric name must be non-blank and hold no comma, got '" + name + "'");
        }
        Objects.requireNonNull(direction, "direction");
        if (!Double.isFinite(tolerance) || tolerance < 0) {
            throw new IllegalArgumentException("the tolerance of " + name + " must be a finite number of 0 or more, got " + tolerance);
        }
    }

    /** Parses {@code name:higher:0.01}; the name may itself hold colons (the last two fields are direction and tolerance). */
    public static MetricRule parse(String text) {
        String t = text.trim();
        int second = t.lastIndexOf(':');
        int first = second <= 0 ? -1 : t.lastIndexOf(':', second - 1);
        if (first <= 0) {
            throw new IllegalArgumentException("a gate metric is name:higher|lower:tolerance (e.g. recall@10:higher:0.01), got '" + text + "'");
        }
        double tolerance;
        try {
            tolerance = Double.parseDouble(t.substring(second + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the tolerance in '" + text + "' must be a number, e.g. 0.01");
        }
        return new MetricRule(t.substring(0, first).trim(), Direction.parse(t.substring(first + 1, second)), tolerance);
    }

    /** Parses a comma-separated list of rules; blank entries are skipped. */
    public static List<MetricRule> parseList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(MetricRule::parse).toList();
    }

    /** The text form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return name + ":" + direction.word() + ":" + tolerance;
    }
}

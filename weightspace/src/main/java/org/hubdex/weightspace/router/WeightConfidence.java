package org.hubdex.weightspace.router;

/**
 * How sure a weight routing is, from two questions: is the nearest tree clearly nearer than the next one
 * (the margin), and is the model as near to that tree as the tree's own members are (the fit)?
 *
 * <pre>
 *   d1 = distance to the nearest tree, d2 = distance to the second-nearest tree (infinity if alone)
 *   margin = 1 - d1 / d2                                   (0 when equally near, 1 when d1 = 0 or d2 = infinity)
 *   s = max(spread of the nearest tree, minSpread)
 *   fit = 1                                 if d1 &lt;= s
 *         clamp((τ s - d1) / ((τ - 1) s), 0, 1) otherwise   (linear from 1 at s to 0 at τ s)
 *   confidence = margin * fit
 * </pre>
 *
 * The margin alone would accept a model of an unknown tree whenever only one known tree shares its layer
 * signature; the fit alone would accept a model halfway between two close trees. Their product needs both.
 */
final class WeightConfidence {

    private WeightConfidence() {
    }

    static double of(double nearest, double second, double spread, RouterConfig config) {
        return margin(nearest, second) * fit(nearest, spread, config);
    }

    static double margin(double nearest, double second) {
        if (Double.isInfinite(second)) {
            return Double.isInfinite(nearest) ? 0 : 1;
        }
        if (second <= 0) {
            return 0;
        }
        return Math.max(0, 1 - nearest / second);
    }

    static double fit(double nearest, double spread, RouterConfig config) {
        double s = Math.max(spread, config.minSpread());
        if (nearest <= s) {
            return 1;
        }
        double tau = config.spreadTolerance();
        return Math.max(0, Math.min(1, (tau * s - nearest) / ((tau - 1) * s)));
    }
}

package org.hubdex.weightspace.router;

/**
 * The router's settings. Training uses all of them; routing uses the last three, which are saved with the
 * router so that a loaded router decides as the saved one did.
 *
 * @param centresPerTree at most this many k-means centres per tree and signature (1: the members' mean)
 * @param minMembersPerCentre a tree gets {@code min(centresPerTree, members / minMembersPerCentre)} centres
 *     (at least one), so that no centre stands for a handful of models and fits them too closely
 * @param kMeansIterations Lloyd iterations at most
 * @param seed seed of the k-means++ initialization (training is a pure function of members and config)
 * @param spreadQuantile which quantile of the training members' distances to their tree's nearest centre is
 *     the tree's spread (0.95: a tree's typical farthest member, not its single outlier)
 * @param minSpread the smallest spread a tree is given: a one-member tree has spread 0, and a model at any
 *     distance from it would otherwise look like an outlier
 * @param spreadTolerance τ &gt; 1: the weight confidence falls linearly from full at the tree's spread to
 *     zero at τ times it
 * @param confidenceThreshold weight routings below this confidence go to the generic path
 */
public record RouterConfig(int centresPerTree, int minMembersPerCentre, int kMeansIterations, long seed,
        double spreadQuantile, double minSpread, double spreadTolerance, double confidenceThreshold) {

    /**
     * Up to three centres per tree (one per 8 members), the 95th-percentile spread, τ = 4, threshold 0.25 (0.5 sent a fifth of the standard zoo's undocumented models to the generic path; always the nearest tree routed 0.96 of them right). Three
     * centres rather than the mean: on synthetic trees with a sub-family they cut abstentions on held-out
     * members from about 15% to 0.2%, with no misrouted member either way ({@code RouterCentresTest}).
     */
    public static final RouterConfig DEFAULT = new RouterConfig(3, 8, 50, 0x5eed, 0.95, 0.01, 4.0, 0.25);

    public RouterConfig {
        if (centresPerTree < 1 || minMembersPerCentre < 1 || kMeansIterations < 1) {
            throw new IllegalArgumentException("centresPerTree, minMembersPerCentre and kMeansIterations must be positive");
        }
        if (!(spreadQuantile >= 0 && spreadQuantile <= 1)) {
            throw new IllegalArgumentException("spreadQuantile must be in [0, 1]: " + spreadQuantile);
        }
        if (!(minSpread > 0) || !(spreadTolerance > 1)) {
            throw new IllegalArgumentException("minSpread must be positive and spreadTolerance above 1");
        }
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException("confidenceThreshold must be in [0, 1]: " + confidenceThreshold);
        }
    }

    public RouterConfig withCentresPerTree(int centres) {
        return new RouterConfig(centres, minMembersPerCentre, kMeansIterations, seed, spreadQuantile, minSpread,
                spreadTolerance, confidenceThreshold);
    }

    public RouterConfig withConfidenceThreshold(double threshold) {
        return new RouterConfig(centresPerTree, minMembersPerCentre, kMeansIterations, seed, spreadQuantile, minSpread,
                spreadTolerance, threshold);
    }
}

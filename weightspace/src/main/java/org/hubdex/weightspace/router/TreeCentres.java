package org.hubdex.weightspace.router;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tree's centres for one layer signature, with the tree's spread: what weight routing compares a model to.
 * Immutable; the centre arrays are never handed out.
 */
final class TreeCentres {

    private final String treeId;
    private final int members;
    private final double spread;
    private final float[][] centres;
    private final double[] norms;

    /**
     * @param treeId the tree
     * @param members training members the centres were fitted on
     * @param spread the configured quantile of the members' distances to their nearest centre
     * @param centres row-major matrices of one size
     */
    TreeCentres(String treeId, int members, double spread, float[][] centres) {
        this.treeId = Objects.requireNonNull(treeId, "treeId");
        if (centres.length == 0) {
            throw new IllegalArgumentException("tree " + treeId + " has no centre");
        }
        this.members = members;
        this.spread = spread;
        this.centres = new float[centres.length][];
        this.norms = new double[centres.length];
        for (int i = 0; i < centres.length; i++) {
            this.centres[i] = centres[i].clone();
            this.norms[i] = WeightDistance.norm(centres[i]);
        }
    }

    String treeId() {
        return treeId;
    }

    int members() {
        return members;
    }

    double spread() {
        return spread;
    }

    int centreCount() {
        return centres.length;
    }

    int size() {
        return centres[0].length;
    }

    float[] centre(int i) {
        return centres[i].clone();
    }

    /** The normalized distance from {@code x} to the nearest of the tree's centres. */
    double distance(float[] x) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < centres.length; i++) {
            best = Math.min(best, WeightDistance.normalized(x, centres[i], norms[i]));
        }
        return best;
    }

    @Override
    public String toString() {
        return "TreeCentres[" + treeId + ", " + centres.length + " centres of " + size() + " values, members " + members
                + ", spread " + spread + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeCentres other && treeId.equals(other.treeId) && members == other.members
                && Double.compare(spread, other.spread) == 0 && Arrays.deepEquals(centres, other.centres);
    }

    @Override
    public int hashCode() {
        return Objects.hash(treeId, members, spread);
    }
}

package org.hubdex.weightspace.probex;

/**
 * How an expert rescales the weight matrix before its first layer, fitted on the tree's training models and
 * recorded with the expert so that inference applies exactly the same transform.
 *
 * <p>Why it matters: the models of a tree are fine-tunes of one ancestor, so most of every matrix is the shared
 * ancestor and what tells models apart is a small difference on top of it. The ProbeX reference reads raw
 * weights; our layers are small and our trees have 50 to 250 training models, so we let validation decide.
 */
public enum InputScaling {
    /** Raw weights, as the reference implementation reads them. */
    NONE,
    /** One mean and one standard deviation over every value of every training matrix. */
    GLOBAL,
    /**
     * The element-wise mean matrix of the training models (close to the tree's common ancestor) subtracted, then
     * divided by the standard deviation of what remains: the expert reads each model's difference from the tree.
     */
    TREE_CENTERED,
    /**
     * Each element standardized by its own mean and standard deviation over the training models (the deviation
     * floored at 1% of the mean deviation so that near-constant elements do not amplify noise): the classic
     * standardization of a linear model's features, used by {@link DenseLinearExpert}.
     */
    PER_ELEMENT
}

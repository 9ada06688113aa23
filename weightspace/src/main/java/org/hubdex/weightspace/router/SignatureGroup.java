package org.hubdex.weightspace.router;

import java.util.List;
import java.util.Objects;

/**
 * The trees that compete for models of one layer signature: matrices of {@code rows x cols}, so that a distance
 * between any of them means something.
 *
 * @param signature the layer signature
 * @param rows rows of every matrix of the signature
 * @param cols columns
 * @param trees each tree's centres, in tree-id order
 */
record SignatureGroup(String signature, int rows, int cols, List<TreeCentres> trees) {

    SignatureGroup {
        Objects.requireNonNull(signature, "signature");
        trees = List.copyOf(trees);
        for (TreeCentres tree : trees) {
            if (tree.size() != (long) rows * cols) {
                throw new IllegalArgumentException("tree " + tree.treeId() + " has centres of " + tree.size()
                        + " values under signature " + signature + " of " + rows + "x" + cols);
            }
        }
    }
}

package org.hubdex.weightspace.probex;

import java.util.Arrays;

/**
 * A weight matrix whose shape is not the layer shape of the tree's expert. Every model of a tree has the same
 * layer, so a different shape means the model belongs to another tree (a routing error) or another layer was
 * selected; the probes would be meaningless on it, so the expert refuses it instead of reshaping.
 */
public class LayerShapeMismatchException extends ProbeXException {

    private final int[] expected;
    private final int[] actual;

    public LayerShapeMismatchException(String what, int[] expected, int[] actual) {
        super(what + " is a " + actual[0] + "x" + actual[1] + " matrix but the expert reads " + expected[0] + "x"
                + expected[1] + " matrices (the tree's layer shape)");
        this.expected = expected.clone();
        this.actual = actual.clone();
    }

    /** The expert's layer shape {@code [rows, cols]}. */
    public int[] expected() {
        return expected.clone();
    }

    /** The shape given {@code [rows, cols]}. */
    public int[] actual() {
        return actual.clone();
    }

    @Override
    public String toString() {
        return super.toString() + " " + Arrays.toString(actual);
    }
}

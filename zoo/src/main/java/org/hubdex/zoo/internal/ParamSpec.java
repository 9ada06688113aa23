package org.hubdex.zoo.internal;

import java.util.Arrays;

/**
 * One parameter tensor of a network: its PyTorch {@code state_dict} name, shape in PyTorch layout, what kind
 * of tensor it is (which decides its initialization) and its fan-in and fan-out.
 *
 * @param head whether it belongs to the classification head, which a fine-tune replaces
 */
public record ParamSpec(String name, long[] shape, Kind kind, int fanIn, int fanOut, boolean head) {

    /** What a tensor is, for initialization. */
    public enum Kind { WEIGHT, BIAS, NORM_WEIGHT, NORM_BIAS, TOKEN }

    public int numel() {
        return Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    }

    static ParamSpec weight(String name, boolean head, long... shape) {
        int fanIn = 1;
        for (int i = 1; i < shape.length; i++) {
            fanIn *= (int) shape[i];
        }
        int receptive = fanIn / (int) (shape.length > 1 ? shape[1] : 1);
        return new ParamSpec(name, shape, Kind.WEIGHT, fanIn, (int) shape[0] * receptive, head);
    }

    static ParamSpec bias(String name, boolean head, long size, int fanIn) {
        return new ParamSpec(name, new long[] {size}, Kind.BIAS, fanIn, (int) size, head);
    }

    static ParamSpec norm(String prefix, long size) {
        return new ParamSpec(prefix + ".weight", new long[] {size}, Kind.NORM_WEIGHT, (int) size, (int) size, false);
    }

    static ParamSpec normBias(String prefix, long size) {
        return new ParamSpec(prefix + ".bias", new long[] {size}, Kind.NORM_BIAS, (int) size, (int) size, false);
    }

    static ParamSpec token(String name, long... shape) {
        return new ParamSpec(name, shape, Kind.TOKEN, (int) shape[shape.length - 1], (int) shape[shape.length - 1], false);
    }
}

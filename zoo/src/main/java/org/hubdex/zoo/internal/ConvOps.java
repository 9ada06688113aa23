package org.hubdex.zoo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * 2-d convolution that stays correct on the pinned PyTorch 2.5.1 CPU build.
 *
 * <p><b>Why.</b> On this build (oneDNN, AVX-512 machines) the gradient with respect to a convolution's
 * <em>input</em> is sometimes NaN when the number of output channels is not a multiple of 16: the backward
 * pass reads channel padding it never zeroed, so whatever the allocator left there (occasionally a NaN bit
 * pattern) leaks into the result. It happened in about 1 of 20 steps for Conv(8,6,5) at batch 128, never for
 * 16 or 32 output channels, and never for the forward pass or the weight gradient ({@code ConvOpsTest} keeps
 * the evidence). So a convolution whose input needs a gradient computes with its filters zero-padded to a
 * multiple of 16 and drops the padded outputs: same values, same gradients for the real filters, and the
 * backward pass has no channel padding to misread. The first layer (whose input is the image) needs no
 * input gradient and runs unpadded.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConvOps {

    static final int CHANNEL_BLOCK = 16;

    private ConvOps() {
    }

    /**
     * {@code conv2d(x, weight, bias)} with stride {@code stride} and no padding.
     *
     * @param inputNeedsGradient whether gradients flow back into {@code x} (any trainable layer before this one)
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, boolean inputNeedsGradient) {
        Shape strides = new Shape(stride, stride);
        long out = weight.getShape().get(0);
        if (!inputNeedsGradient || out % CHANNEL_BLOCK == 0) {
            return Conv2d.conv2d(x, weight, bias, strides).head();
        }
        long pad = (out + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK - out;
        NDManager manager = x.getManager();
        Shape w = weight.getShape();
        NDArray paddedWeight = weight.concat(manager.zeros(new Shape(pad, w.get(1), w.get(2), w.get(3))), 0);
        NDArray paddedBias = bias.concat(manager.zeros(new Shape(pad)), 0);
        // the results of ops on the parameters belong to the parameters' (long-lived) manager: move them to x's
        paddedWeight.attach(manager);
        paddedBias.attach(manager);
        return Conv2d.conv2d(x, paddedWeight, paddedBias, strides).head().get(":, 0:" + out);
    }
}

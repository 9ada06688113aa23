package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evidence behind {@link ConvOps}: the padded convolution gives the plain one's values and gradients, and its
 * input gradient is the same on every repetition. The plain convolution's input gradient with 6 output channels
 * is logged as it comes (on AVX-512 machines some repetitions are NaN; on others none are), so the test does not
 * depend on the machine but the log shows whether the workaround is still needed.
 */
class ConvOpsTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConvOpsTest.class);
    private static final int REPETITIONS = 20;

    @BeforeAll
    static void engine() {
        TorchRuntime.start(1);
    }

    @Test
    void paddedConvolutionHasStableInputGradients() {
        try (NDManager manager = TorchRuntime.newManager()) {
            manager.getEngine().setRandomSeed(3);
            NDArray weight = manager.randomNormal(new Shape(6, 8, 5, 5));
            NDArray bias = manager.randomNormal(new Shape(6));
            NDArray input = manager.randomNormal(new Shape(32, 8, 12, 12));
            NDArray upstream = manager.randomNormal(new Shape(32, 6, 8, 8));
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);

            Gradients padded = gradients(manager, input, weight, bias, upstream, true);
            Gradients plain = gradients(manager, input, weight, bias, upstream, false);
            assertThat(padded.output()).usingComparatorWithPrecision(1e-4f).containsExactly(plain.output());
            assertThat(padded.weight()).usingComparatorWithPrecision(1e-2f).containsExactly(plain.weight());

            int plainNaN = 0;
            for (int i = 0; i < REPETITIONS; i++) {
                assertThat(gradients(manager, input, weight, bias, upstream, true).input())
                        .as("padded input gradient, repetition %d", i).containsExactly(padded.input());
                if (hasNaN(gradients(manager, input, weight, bias, upstream, false).input())) {
                    plainNaN++;
                }
            }
            LOG.info("unpadded Conv(8,6,5) input gradient was NaN in {} of {} repetitions (the reason for ConvOps)",
                    plainNaN, REPETITIONS);
            assertThat(hasNaN(padded.input())).isFalse();
        }
    }

    @Test
    void withoutAnInputGradientTheConvolutionIsNotPadded() {
        try (NDManager manager = TorchRuntime.newManager()) {
            NDArray weight = manager.ones(new Shape(6, 1, 5, 5));
            NDArray out = ConvOps.conv2d(manager.ones(new Shape(2, 1, 28, 28)), weight, manager.zeros(new Shape(6)), 1, false);
            assertThat(out.getShape()).isEqualTo(new Shape(2, 6, 24, 24));
            assertThat(out.getFloat(0, 0, 0, 0)).isEqualTo(25f);
        }
    }

    private record Gradients(float[] output, float[] input, float[] weight) {
    }

    private static Gradients gradients(NDManager manager, NDArray input, NDArray weight, NDArray bias, NDArray upstream,
            boolean padded) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(scope);
            x.setRequiresGradient(true);
            TorchRuntime.recordGradients(true);
            NDArray y;
            try {
                y = padded ? ConvOps.conv2d(x, weight, bias, 1, true) : Conv2d.conv2d(x, weight, bias).head();
                TorchRuntime.backward(y.mul(upstream).sum());
            } finally {
                TorchRuntime.recordGradients(false);
            }
            Gradients result;
            try (NDArray gx = x.getGradient(); NDArray gw = weight.getGradient()) {
                result = new Gradients(y.toFloatArray(), gx.toFloatArray(), gw.toFloatArray());
            }
            TorchRuntime.zeroGradient(weight);
            TorchRuntime.zeroGradient(bias);
            return result;
        }
    }

    private static boolean hasNaN(float[] values) {
        return Arrays.stream(toDoubles(values)).anyMatch(Double::isNaN);
    }

    private static double[] toDoubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}

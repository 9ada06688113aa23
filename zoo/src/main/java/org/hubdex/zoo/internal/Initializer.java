package org.hubdex.zoo.internal;

import org.hubdex.zoo.InitKind;

/**
 * Initial values of a fresh parameter tensor, drawn in Java from the model's own {@link Rng} (never from the
 * engine's global generator, which parallel workers would share), so a model's start is a pure function of its
 * seed.
 *
 * <p>Weights follow the {@link InitKind}; biases follow PyTorch's default {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}
 * (zeros under {@link InitKind#TRUNC_NORMAL}, as timm does); norm weights are 1 and norm biases 0; class and
 * position tokens are truncated normals with standard deviation 0.02. Stateless and thread-safe.
 */
public final class Initializer {

    private Initializer() {
    }

    public static float[] initialize(ParamSpec spec, InitKind kind, Rng rng) {
        float[] values = new float[spec.numel()];
        switch (spec.kind()) {
            case NORM_WEIGHT -> java.util.Arrays.fill(values, 1f);
            case NORM_BIAS -> {
                // zeros
            }
            case TOKEN -> truncatedNormal(values, 0.02, rng);
            case BIAS -> {
                if (kind != InitKind.TRUNC_NORMAL) {
                    uniform(values, 1 / Math.sqrt(spec.fanIn()), rng);
                }
            }
            case WEIGHT -> {
                switch (kind) {
                    case KAIMING_UNIFORM -> uniform(values, 1 / Math.sqrt(spec.fanIn()), rng);
                    case KAIMING_NORMAL -> normal(values, Math.sqrt(2.0 / spec.fanIn()), rng);
                    case XAVIER_UNIFORM -> uniform(values, Math.sqrt(6.0 / (spec.fanIn() + spec.fanOut())), rng);
                    case TRUNC_NORMAL -> truncatedNormal(values, 0.02, rng);
                }
            }
        }
        return values;
    }

    private static void uniform(float[] values, double bound, Rng rng) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
    }

    private static void normal(float[] values, double std, Rng rng) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rng.nextGaussian() * std);
        }
    }

    private static void truncatedNormal(float[] values, double std, Rng rng) {
        for (int i = 0; i < values.length; i++) {
            double g;
            do {
                g = rng.nextGaussian();
            } while (Math.abs(g) > 2);
            values[i] = (float) (g * std);
        }
    }
}

package org.hubdex.zoo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.hubdex.zoo.InitKind;

/**
 * Linear over-parameterization of weights during training ({@link org.hubdex.zoo.TrainingRecipe#expansion()}),
 * after ExpandNets (Guo et al., 2020) and Arora et al. (2018): a weight {@code W} of shape {@code [out, in]} or
 * {@code [out, in, kh, kw]} is trained as three factors {@code A [r*in, in]}, {@code K [r*out, r*in(, kh, kw)]} and
 * {@code C [out, r*out]}, the layer as a 1x1 projection up, the layer {@code r} times wider, and a 1x1 projection
 * down, with nothing between them. Being linear, the three collapse into one weight
 * {@code W[o, i] = sum C[o, b] K[b, a] A[a, i]} (per kernel position), so training computes that product for each
 * forward pass and runs the network unchanged: same function class, same tensors stored; only the gradient steps
 * differ, and they reach better minima for a network as small as the small CNN.
 *
 * <p>The factors start at an exact factorization of the start weight (so the recipe's initialization keeps its
 * meaning): {@code A} with orthonormal columns, {@code C} with orthonormal rows, and
 * {@code K = C^T W A^T + (N - C^T C N A^T A)} with {@code N} Gaussian of the initialization's standard deviation,
 * which gives {@code C K A = W}. Stateless; thread-safe.
 */
final class Expansion {

    private Expansion() {
    }

    /** The trainable factors of one weight, in PyTorch layout. */
    record Factors(float[] a, long[] aShape, float[] k, long[] kShape, float[] c, long[] cShape) {
    }

    /** Whether {@code spec} is a weight matrix or convolution kernel, the tensors that get expanded. */
    static boolean expandable(ParamSpec spec) {
        return spec.kind() == ParamSpec.Kind.WEIGHT && (spec.shape().length == 2 || spec.shape().length == 4);
    }

    /** Factors of expansion {@code r} whose product is exactly {@code w} (up to float rounding). */
    static Factors factor(ParamSpec spec, float[] w, int r, InitKind init, Rng rng) {
        if (!expandable(spec) || r < 2) {
            throw new IllegalArgumentException("cannot expand " + spec.name() + " by " + r);
        }
        long[] shape = spec.shape();
        int out = (int) shape[0];
        int in = (int) shape[1];
        int kk = shape.length == 4 ? (int) (shape[2] * shape[3]) : 1;
        int ro = r * out;
        int ri = r * in;
        double sigma = std(spec, init);
        double[][] at = orthonormalRows(in, ri, rng);   // A^T [in, ri]
        double[][] c = orthonormalRows(out, ro, rng);   // C [out, ro]
        float[] aValues = new float[ri * in];
        for (int x = 0; x < ri; x++) {
            for (int i = 0; i < in; i++) {
                aValues[x * in + i] = (float) at[i][x];
            }
        }
        float[] cValues = new float[out * ro];
        for (int o = 0; o < out; o++) {
            for (int b = 0; b < ro; b++) {
                cValues[o * ro + b] = (float) c[o][b];
            }
        }
        float[] kValues = new float[ro * ri * kk];
        double[][] n = new double[ro][ri];
        double[][] na = new double[ro][in];
        double[][] m = new double[out][in];
        double[][] ctm = new double[ro][in];
        for (int p = 0; p < kk; p++) {
            for (int b = 0; b < ro; b++) {
                for (int x = 0; x < ri; x++) {
                    n[b][x] = rng.nextGaussian() * sigma;
                }
            }
            // NA = N A [ro, in]
            for (int b = 0; b < ro; b++) {
                for (int i = 0; i < in; i++) {
                    double sum = 0;
                    for (int x = 0; x < ri; x++) {
                        sum += n[b][x] * at[i][x];
                    }
                    na[b][i] = sum;
                }
            }
            // M = W_p - C N A [out, in]
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double sum = 0;
                    for (int b = 0; b < ro; b++) {
                        sum += c[o][b] * na[b][i];
                    }
                    m[o][i] = w[(o * in + i) * kk + p] - sum;
                }
            }
            // C^T M [ro, in]
            for (int b = 0; b < ro; b++) {
                for (int i = 0; i < in; i++) {
                    double sum = 0;
                    for (int o = 0; o < out; o++) {
                        sum += c[o][b] * m[o][i];
                    }
                    ctm[b][i] = sum;
                }
            }
            // K_p = N + C^T M A^T
            for (int b = 0; b < ro; b++) {
                for (int x = 0; x < ri; x++) {
                    double sum = 0;
                    for (int i = 0; i < in; i++) {
                        sum += ctm[b][i] * at[i][x];
                    }
                    kValues[(b * ri + x) * kk + p] = (float) (n[b][x] + sum);
                }
            }
        }
        long[] kShape = shape.clone();
        kShape[0] = ro;
        kShape[1] = ri;
        return new Factors(aValues, new long[] {ri, in}, kValues, kShape, cValues, new long[] {out, ro});
    }

    /**
     * The weight {@code C . K . A} of shape {@code shape}, computed from the factors (recorded for autograd when
     * grad mode is on). Every result, intermediate ones included, is moved to {@code scope}: results of operations
     * on the factors would otherwise belong to the factors' manager and pile up there step after step.
     */
    static NDArray contract(NDArray a, NDArray k, NDArray c, long[] shape, NDManager scope) {
        if (shape.length == 2) {
            NDArray ck = in(scope, c.matMul(k));                                   // [out, r*in]
            return in(scope, ck.matMul(a));                                         // [out, in]
        }
        long out = shape[0];
        long in = shape[1];
        long ri = k.getShape().get(1);
        long kk = shape[2] * shape[3];
        NDArray flat = in(scope, k.reshape(k.getShape().get(0), ri * kk));        // [r*out, r*in*kk]
        NDArray ck = in(scope, c.matMul(flat));                                     // [out, r*in*kk]
        NDArray byPosition = in(scope, in(scope, ck.reshape(out, ri, kk)).transpose(0, 2, 1)); // [out, kk, r*in]
        NDArray cka = in(scope, byPosition.matMul(a));                              // [out, kk, in]
        return in(scope, in(scope, cka.transpose(0, 2, 1)).reshape(shape));         // [out, in, kh, kw]
    }

    private static NDArray in(NDManager scope, NDArray array) {
        array.attach(scope);
        return array;
    }

    /** The standard deviation of {@link Initializer}'s values for {@code spec} under {@code init}. */
    static double std(ParamSpec spec, InitKind init) {
        return switch (init) {
            case KAIMING_UNIFORM -> 1 / Math.sqrt(3.0 * spec.fanIn());
            case KAIMING_NORMAL -> Math.sqrt(2.0 / spec.fanIn());
            case XAVIER_UNIFORM -> Math.sqrt(6.0 / (spec.fanIn() + spec.fanOut())) / Math.sqrt(3);
            case TRUNC_NORMAL -> 0.02;
        };
    }

    /** A {@code rows x cols} matrix ({@code rows <= cols}) with orthonormal rows: Gram-Schmidt on Gaussian rows. */
    static double[][] orthonormalRows(int rows, int cols, Rng rng) {
        if (rows > cols) {
            throw new IllegalArgumentException(rows + " orthonormal rows need at least as many columns, got " + cols);
        }
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            double norm;
            do {
                for (int c = 0; c < cols; c++) {
                    m[r][c] = rng.nextGaussian();
                }
                // twice, for numerical orthogonality
                for (int pass = 0; pass < 2; pass++) {
                    for (int q = 0; q < r; q++) {
                        double dot = 0;
                        for (int c = 0; c < cols; c++) {
                            dot += m[r][c] * m[q][c];
                        }
                        for (int c = 0; c < cols; c++) {
                            m[r][c] -= dot * m[q][c];
                        }
                    }
                }
                norm = 0;
                for (int c = 0; c < cols; c++) {
                    norm += m[r][c] * m[r][c];
                }
                norm = Math.sqrt(norm);
            } while (norm < 1e-6);
            for (int c = 0; c < cols; c++) {
                m[r][c] /= norm;
            }
        }
        return m;
    }
}

package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.InitKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Over-parameterized training's factors: they multiply back to the weight, and contracting them leaks nothing. */
class ExpansionTest {

    @BeforeAll
    static void engine() {
        TorchRuntime.start(1);
    }

    @Test
    void factorsMultiplyBackToTheStartWeight() {
        Network cnn = Network.of(Family.CNN_SMALL, 10, ActivationFunction.GELU);
        Rng rng = new Rng(11);
        for (ParamSpec spec : cnn.params()) {
            if (!Expansion.expandable(spec)) {
                assertThat(spec.kind()).isEqualTo(ParamSpec.Kind.BIAS);
                continue;
            }
            for (InitKind init : new InitKind[] {InitKind.KAIMING_UNIFORM, InitKind.XAVIER_UNIFORM}) {
                float[] w = Initializer.initialize(spec, init, rng);
                Expansion.Factors f = Expansion.factor(spec, w, 4, init, rng);
                assertThat(f.kShape()[0]).isEqualTo(4 * spec.shape()[0]);
                assertThat(f.kShape()[1]).isEqualTo(4 * spec.shape()[1]);
                try (NDManager manager = TorchRuntime.newManager()) {
                    NDArray product = Expansion.contract(manager.create(f.a(), new Shape(f.aShape())),
                            manager.create(f.k(), new Shape(f.kShape())), manager.create(f.c(), new Shape(f.cShape())),
                            spec.shape(), manager);
                    assertThat(product.getShape()).isEqualTo(new Shape(spec.shape()));
                    float[] values = product.toFloatArray();
                    for (int i = 0; i < w.length; i++) {
                        assertThat(values[i]).as(spec.name() + "[" + i + "]").isCloseTo(w[i], within(1e-5f));
                    }
                    // the factors are not degenerate: K is as large as a weight of its initialization
                    double sumSquares = 0;
                    for (float v : f.k()) {
                        sumSquares += v * v;
                    }
                    assertThat(Math.sqrt(sumSquares / f.k().length)).isGreaterThan(0.3 * Expansion.std(spec, init));
                }
            }
        }
    }

    @Test
    void orthonormalRowsAreOrthonormal() {
        double[][] m = Expansion.orthonormalRows(8, 32, new Rng(3));
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double dot = 0;
                for (int c = 0; c < 32; c++) {
                    dot += m[i][c] * m[j][c];
                }
                assertThat(dot).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }

    @Test
    void contractingInAStepLeavesNothingInTheFactorsManager() {
        ParamSpec conv = Network.of(Family.CNN_SMALL, 10, ActivationFunction.GELU).params().get(2); // features.3.weight
        Rng rng = new Rng(5);
        Expansion.Factors f = Expansion.factor(conv, Initializer.initialize(conv, InitKind.KAIMING_NORMAL, rng), 2,
                InitKind.KAIMING_NORMAL, rng);
        try (NDManager model = TorchRuntime.newManager()) {
            NDArray[] factors = {model.create(f.a(), new Shape(f.aShape())), model.create(f.k(), new Shape(f.kShape())),
                    model.create(f.c(), new Shape(f.cShape()))};
            for (NDArray factor : factors) {
                factor.setRequiresGradient(true);
            }
            int before = model.getManagedArrays().size();
            for (int step = 0; step < 2; step++) {
                try (NDManager scope = model.newSubManager()) {
                    TorchRuntime.recordGradients(true);
                    try {
                        NDArray w = Expansion.contract(factors[0], factors[1], factors[2], conv.shape(), scope);
                        TorchRuntime.backward(w.square().sum());
                    } finally {
                        TorchRuntime.recordGradients(false);
                    }
                    for (NDArray factor : factors) {
                        try (NDArray g = factor.getGradient()) {
                            // summed here: an operation on the gradient would itself land in the factors' manager
                            double norm = 0;
                            for (float v : g.toFloatArray()) {
                                norm += Math.abs(v);
                            }
                            assertThat(norm).isPositive().isFinite();
                        }
                        TorchRuntime.zeroGradient(factor);
                    }
                }
            }
            assertThat(model.getManagedArrays()).hasSize(before);
        }
    }
}

package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.InitKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NetworkTest {

    @BeforeAll
    static void engine() {
        TorchRuntime.start(1);
    }

    @Test
    void theSmallCnnIsThePublicZoosCnn() {
        Network cnn = Network.of(Family.CNN_SMALL, 10, ActivationFunction.TANH);
        assertThat(cnn.parameterCount()).isEqualTo(2464);
        assertThat(cnn.params().stream().map(p -> p.name() + java.util.Arrays.toString(p.shape())).toList()).containsExactly(
                "features.0.weight[8, 1, 5, 5]", "features.0.bias[8]",
                "features.3.weight[6, 8, 5, 5]", "features.3.bias[6]",
                "features.6.weight[4, 6, 2, 2]", "features.6.bias[4]",
                "classifier.0.weight[20, 36]", "classifier.0.bias[20]",
                "classifier.2.weight[10, 20]", "classifier.2.bias[10]");
        assertThat(cnn.headNames()).containsExactly("classifier.2.weight", "classifier.2.bias");
    }

    @Test
    void theVitUsesTimmNames() {
        Network vit = Network.of(Family.VIT_TINY, 4, ActivationFunction.GELU);
        assertThat(vit.params().stream().map(ParamSpec::name)).contains("patch_embed.proj.weight", "cls_token", "pos_embed",
                "blocks.0.norm1.weight", "blocks.0.attn.qkv.weight", "blocks.1.attn.proj.bias", "blocks.1.mlp.fc1.weight",
                "blocks.1.mlp.fc2.bias", "norm.weight", "head.weight");
        assertThat(vit.params().stream().filter(p -> p.name().equals("blocks.0.attn.qkv.weight")).findFirst().orElseThrow()
                .shape()).containsExactly(144, 48);
        assertThat(vit.headNames()).containsExactly("head.weight", "head.bias");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aTrainingStepLeavesNothingBehindInTheParametersManager(Family family) {
        Network network = Network.of(family, 4, ActivationFunction.RELU);
        Rng rng = new Rng(6);
        try (NDManager model = TorchRuntime.newManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (ParamSpec spec : network.params()) {
                NDArray p = model.create(Initializer.initialize(spec, InitKind.KAIMING_UNIFORM, rng), new Shape(spec.shape()));
                p.setRequiresGradient(true);
                params.put(spec.name(), p);
            }
            int before = model.getManagedArrays().size();
            for (int step = 0; step < 3; step++) {
                try (NDManager scope = model.newSubManager()) {
                    NDArray x = scope.randomUniform(-1, 1, new Shape(8, 1, 28, 28));
                    TorchRuntime.recordGradients(true);
                    try {
                        TorchRuntime.backward(network.forward(x, params).sum());
                    } finally {
                        TorchRuntime.recordGradients(false);
                    }
                    for (NDArray p : params.values()) {
                        try (NDArray g = p.getGradient()) {
                            for (float v : g.toFloatArray()) {
                                assertThat(v).isFinite();
                            }
                        }
                        TorchRuntime.zeroGradient(p);
                    }
                }
            }
            // every activation went with the step's manager: a leak here grows by the activations every step
            assertThat(model.getManagedArrays()).hasSize(before);
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void forwardGivesOneLogitPerClass(Family family) {
        Network network = Network.of(family, 3, ActivationFunction.GELU);
        Rng rng = new Rng(5);
        try (NDManager manager = TorchRuntime.newManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (ParamSpec spec : network.params()) {
                params.put(spec.name(), manager.create(Initializer.initialize(spec, InitKind.KAIMING_UNIFORM, rng),
                        new Shape(spec.shape())));
            }
            NDArray logits = network.forward(manager.randomUniform(-1, 1, new Shape(5, 1, 28, 28)), params);
            assertThat(logits.getShape()).isEqualTo(new Shape(5, 3));
            assertThat(logits.isNaN().any().getBoolean()).isFalse();
        }
    }
}

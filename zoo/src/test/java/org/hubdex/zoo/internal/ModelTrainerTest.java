package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Augmentation;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.ImageSet;
import org.hubdex.zoo.InitKind;
import org.hubdex.zoo.LrSchedule;
import org.hubdex.zoo.OptimizerKind;
import org.hubdex.zoo.TrainingRecipe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Training on a synthetic two-class task (dark left half vs dark right half), small enough for a unit test. */
class ModelTrainerTest {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainerTest.class);
    private static FashionMnist data;

    @BeforeAll
    static void data() {
        TorchRuntime.start(1);
        long seed = 20240601;
        LOG.info("synthetic data seed {}", seed);
        data = FashionMnist.of(synthetic(400, new Rng(seed)), synthetic(100, new Rng(seed + 1)));
    }

    @Test
    void learnsAndIsDeterministic() {
        Network network = Network.of(Family.CNN_SMALL, 2, ActivationFunction.RELU);
        TrainingRecipe recipe = new TrainingRecipe(OptimizerKind.ADAM, 5e-3, LrSchedule.COSINE, 0, 3, 32, 150,
                List.of(Augmentation.NOISE), List.of(), InitKind.KAIMING_UNIFORM, 99);
        ClassIndex train = new ClassIndex(data.train());
        int[] sample = train.sample(List.of(3, 8), 150, recipe.seed());
        int[] head = ClassIndex.headIndexOfClass(List.of(3, 8));
        ModelTrainer trainer = new ModelTrainer(data);

        ModelTrainer.TrainRun first = trainer.train(network, init(network, 1), recipe, sample, head, "test/first");
        ModelTrainer.TrainRun second = trainer.train(network, init(network, 1), recipe, sample, head, "test/second");

        assertThat(first.steps()).isEqualTo(3 * 10);
        double accuracy = trainer.accuracy(network, first.weights(), data.test(), new ClassIndex(data.test()).all(List.of(3, 8)), head);
        LOG.info("synthetic accuracy {}, last loss {}", accuracy, first.lastLoss());
        assertThat(accuracy).isGreaterThan(0.95);
        for (String name : first.weights().keySet()) {
            assertThat(second.weights().get(name)).as(name).containsExactly(first.weights().get(name));
        }
    }

    @Test
    void anExpandedRunLearnsIsDeterministicAndReturnsThePlainTensors() {
        Network network = Network.of(Family.CNN_SMALL, 2, ActivationFunction.GELU);
        TrainingRecipe recipe = new TrainingRecipe(OptimizerKind.ADAM, 3e-3, LrSchedule.COSINE, 0, 3, 32, 150, List.of(),
                List.of(), InitKind.KAIMING_UNIFORM, 7, 4);
        int[] sample = new ClassIndex(data.train()).sample(List.of(3, 8), 150, recipe.seed());
        int[] head = ClassIndex.headIndexOfClass(List.of(3, 8));
        ModelTrainer trainer = new ModelTrainer(data);

        ModelTrainer.TrainRun first = trainer.train(network, init(network, 3), recipe, sample, head, "test/expanded");
        ModelTrainer.TrainRun second = trainer.train(network, init(network, 3), recipe, sample, head, "test/expanded-again");

        assertThat(first.weights().keySet()).containsExactlyElementsOf(network.params().stream().map(ParamSpec::name).toList());
        for (ParamSpec spec : network.params()) {
            assertThat(first.weights().get(spec.name())).as(spec.name()).hasSize(spec.numel());
            assertThat(second.weights().get(spec.name())).as(spec.name()).containsExactly(first.weights().get(spec.name()));
        }
        double accuracy = trainer.accuracy(network, first.weights(), data.test(), new ClassIndex(data.test()).all(List.of(3, 8)), head);
        LOG.info("synthetic accuracy with expansion 4: {}", accuracy);
        assertThat(accuracy).isGreaterThan(0.95);
    }

    @Test
    void anExpandedRunKeepsFrozenTensorsAndChangesTheOthers() {
        Network network = Network.of(Family.CNN_SMALL, 2, ActivationFunction.RELU);
        TrainingRecipe recipe = new TrainingRecipe(OptimizerKind.ADAM, 3e-3, LrSchedule.CONSTANT, 0, 1, 64, 100, List.of(),
                List.of("features."), InitKind.KAIMING_NORMAL, 8, 3);
        LinkedHashMap<String, float[]> start = init(network, 4);
        ModelTrainer.TrainRun run = new ModelTrainer(data).train(network, start, recipe,
                new ClassIndex(data.train()).sample(List.of(3, 8), 100, 8), ClassIndex.headIndexOfClass(List.of(3, 8)),
                "test/expanded-frozen");
        for (ParamSpec spec : network.params()) {
            if (spec.name().startsWith("features.")) {
                assertThat(run.weights().get(spec.name())).as(spec.name()).containsExactly(start.get(spec.name()));
            } else {
                assertThat(run.weights().get(spec.name())).as(spec.name()).isNotEqualTo(start.get(spec.name()));
            }
        }
    }

    @Test
    void frozenTensorsDoNotMove() {
        Network network = Network.of(Family.MLP, 2, ActivationFunction.TANH);
        TrainingRecipe recipe = new TrainingRecipe(OptimizerKind.SGD, 0.05, LrSchedule.CONSTANT, 1e-3, 1, 64, 100,
                List.of(Augmentation.HFLIP, Augmentation.SHIFT), List.of("layers.0."), InitKind.XAVIER_UNIFORM, 5);
        LinkedHashMap<String, float[]> start = init(network, 2);
        int[] sample = new ClassIndex(data.train()).sample(List.of(3, 8), 100, 5);

        ModelTrainer.TrainRun run = new ModelTrainer(data).train(network, start, recipe, sample,
                ClassIndex.headIndexOfClass(List.of(3, 8)), "test/frozen");

        assertThat(run.weights().get("layers.0.weight")).containsExactly(start.get("layers.0.weight"));
        assertThat(run.weights().get("layers.0.bias")).containsExactly(start.get("layers.0.bias"));
        assertThat(run.weights().get("layers.2.weight")).isNotEqualTo(start.get("layers.2.weight"));
    }

    private static LinkedHashMap<String, float[]> init(Network network, long seed) {
        Rng rng = new Rng(seed);
        LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
        network.params().forEach(spec -> weights.put(spec.name(), Initializer.initialize(spec, InitKind.KAIMING_UNIFORM, rng)));
        return weights;
    }

    /** Class 3: the left half is dark; class 8: the right half is dark; labels alternate; pixel noise on top. */
    private static ImageSet synthetic(int count, Rng rng) {
        byte[] pixels = new byte[count * FashionMnist.PIXELS];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 2 == 0 ? 3 : 8;
            for (int p = 0; p < FashionMnist.PIXELS; p++) {
                boolean left = p % 28 < 14;
                int base = left == (labels[i] == 3) ? 30 : 200;
                pixels[i * FashionMnist.PIXELS + p] = (byte) Math.max(0, Math.min(255, base + rng.nextInt(50) - 25));
            }
        }
        return new ImageSet(pixels, labels);
    }
}

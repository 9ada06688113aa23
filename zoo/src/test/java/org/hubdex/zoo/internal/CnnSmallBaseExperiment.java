package org.hubdex.zoo.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.PlannedModel;
import org.hubdex.zoo.TrainingRecipe;
import org.hubdex.zoo.ZooPlan;
import org.hubdex.zoo.ZooPreset;

/**
 * An experiment, not a test: trains the small CNN's base models of the standard preset exactly as the zoo does
 * (same plan, recipe, initialization, sample and trainer, no files written) and prints each one's train and test
 * accuracy and training time. Runs one model at a time on one PyTorch thread; set {@code OMP_NUM_THREADS=1} and
 * the {@code GLIBC_TUNABLES} of {@code ops/zoo} (zoo/README.md, "Speed").
 *
 * <pre>
 * java -cp zoo/target/test-classes:zoo/target/classes:$(test classpath) org.hubdex.zoo.internal.CnnSmallBaseExperiment \
 *     zooSeeds=1,2 [expansion=4] [epochs=30] [holdout=0] [data=/usr/share/datasets/fashion-mnist]
 * </pre>
 *
 * {@code expansion} and {@code epochs} override the planned recipe; {@code holdout=N} keeps the last {@code N}
 * images of each class out of training and reports the accuracy on them as {@code val} (for choosing a recipe
 * without looking at the test set).
 */
public final class CnnSmallBaseExperiment {

    private CnnSmallBaseExperiment() {
    }

    public static void main(String[] args) {
        LinkedHashMap<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        TorchRuntime.start(1);
        FashionMnist data = FashionMnist.load(Path.of(options.getOrDefault("data", FashionMnist.DEFAULT_DIR.toString())));
        ModelTrainer trainer = new ModelTrainer(data);
        ClassIndex trainClasses = new ClassIndex(data.train());
        int holdout = Integer.parseInt(options.getOrDefault("holdout", "0"));
        List<Integer> all = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        int[] head = ClassIndex.headIndexOfClass(all);
        int[] test = new ClassIndex(data.test()).all(all);
        List<String> lines = new ArrayList<>();
        for (String zooSeed : options.getOrDefault("zooSeeds", "1").split(",")) {
            ZooPlan plan = ZooPlan.create(ZooPreset.STANDARD, Long.parseLong(zooSeed));
            for (PlannedModel model : plan.models()) {
                if (model.role() != ModelRole.BASE || model.family() != Family.CNN_SMALL) {
                    continue;
                }
                TrainingRecipe r = model.recipe();
                TrainingRecipe recipe = new TrainingRecipe(r.optimizer(), r.learningRate(), r.schedule(), r.weightDecay(),
                        Integer.parseInt(options.getOrDefault("epochs", String.valueOf(r.epochs()))), r.batchSize(),
                        r.samplesPerClass(), r.augmentations(), r.frozen(), r.init(), r.seed(),
                        Integer.parseInt(options.getOrDefault("expansion", String.valueOf(r.expansion()))));
                Network network = Network.of(model.family(), model.numClasses(), model.activation());
                Rng init = new Rng(Rng.derive(recipe.seed(), "init"));
                LinkedHashMap<String, float[]> start = new LinkedHashMap<>();
                for (ParamSpec spec : network.params()) {
                    start.put(spec.name(), Initializer.initialize(spec, recipe.init(), init));
                }
                int[] sample = trainClasses.sample(model.classes(), recipe.samplesPerClass(), recipe.seed());
                int[][] split = split(sample, data, holdout);
                ModelTrainer.TrainRun run = trainer.train(network, start, recipe, split[0], head, model.id());
                LinkedHashMap<String, float[]> stored = WeightsIo.roundTo(run.weights(), Dtype.F32);
                String line = String.format(Locale.ROOT,
                        "zooSeed=%s %s init=%s lr=%.5f expansion=%d epochs=%d train=%.4f%s test=%.4f seconds=%.1f",
                        zooSeed, model.id(), recipe.init().id(), recipe.learningRate(), recipe.expansion(), recipe.epochs(),
                        trainer.accuracy(network, stored, data.train(), split[0], head),
                        holdout > 0 ? String.format(Locale.ROOT, " val=%.4f",
                                trainer.accuracy(network, stored, data.train(), split[1], head)) : "",
                        trainer.accuracy(network, stored, data.test(), test, head), run.seconds());
                System.out.println(line);
                lines.add(line);
            }
        }
        System.out.println("---");
        lines.forEach(System.out::println);
    }

    /** The sample without, and with only, the last {@code holdout} images of each class. */
    private static int[][] split(int[] sample, FashionMnist data, int holdout) {
        if (holdout == 0) {
            return new int[][] {sample, new int[0]};
        }
        int[] seen = new int[FashionMnist.CLASS_COUNT];
        int[] perClass = new int[FashionMnist.CLASS_COUNT];
        for (int image : sample) {
            perClass[data.train().labels()[image]]++;
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int image : sample) {
            int label = data.train().labels()[image];
            (seen[label]++ < perClass[label] - holdout ? train : val).add(image);
        }
        return new int[][] {train.stream().mapToInt(Integer::intValue).toArray(),
                val.stream().mapToInt(Integer::intValue).toArray()};
    }
}

package org.hubdex.zoo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.ImageSet;
import org.hubdex.zoo.LrSchedule;
import org.hubdex.zoo.TrainingDivergedException;
import org.hubdex.zoo.TrainingRecipe;

/**
 * Trains one network on one sample and measures accuracy, with DJL on the PyTorch engine.
 *
 * <p><b>Lifecycle.</b> Each call to {@link #train} opens its own root {@link NDManager}, creates the parameters
 * from the given start values, runs {@code epochs} passes of mini-batch training (each step in a sub-manager
 * closed at its end, so native memory stays flat over long runs), copies the final values back to Java arrays
 * and closes everything. Nothing survives a call but the returned arrays.
 *
 * <p><b>Thread-safety.</b> Stateless apart from the read-only data; several threads may train at once (see
 * {@link TorchRuntime} for why that works).
 *
 * <p>Loss: softmax cross-entropy over the head. Frozen tensors do not require gradients and are not updated. With
 * a recipe's {@code expansion} above 1 the optimizer trains the factors of every weight that is not frozen
 * ({@link Expansion}), and the returned weights are their products.
 */
public final class ModelTrainer {

    /** Images per forward pass when measuring accuracy. */
    private static final int EVAL_BATCH = 1000;
    /** How often (in steps) the loss is read back to detect divergence. */
    private static final int LOSS_CHECK_INTERVAL = 25;

    private final FashionMnist data;

    public ModelTrainer(FashionMnist data) {
        this.data = data;
    }

    /** The result of one training run: final weights (in the network's parameter order) and figures. */
    public record TrainRun(LinkedHashMap<String, float[]> weights, int steps, double seconds, double lastLoss) {
    }

    /**
     * Trains {@code network} from {@code start} (every parameter of the network) on the training images
     * {@code sample}, whose class {@code c} is head output {@code headIndexOfClass[c]}.
     *
     * @throws TrainingDivergedException if the loss stops being finite
     */
    public TrainRun train(Network network, Map<String, float[]> start, TrainingRecipe recipe, int[] sample,
            int[] headIndexOfClass, String modelId) {
        long begin = System.nanoTime();
        Rng rng = new Rng(Rng.derive(recipe.seed(), "batches"));
        int n = sample.length;
        int batchSize = Math.min(recipe.batchSize(), n);
        int stepsPerEpoch = (n + batchSize - 1) / batchSize;
        int totalSteps = stepsPerEpoch * recipe.epochs();
        Set<String> frozen = frozenNames(network, recipe.frozen());
        BatchMaker batches = new BatchMaker(data.train(), headIndexOfClass, network.numClasses(),
                Set.copyOf(recipe.augmentations()));
        float[] pixels = new float[batchSize * FashionMnist.PIXELS];
        float[] targets = new float[batchSize * network.numClasses()];
        ByteBuffer pixelBuffer = direct(pixels.length);
        ByteBuffer targetBuffer = direct(targets.length);
        int[] order = sample.clone();
        double lastLoss = Double.NaN;
        int step = 0;
        TorchRuntime.recordGradients(false);
        try (NDManager root = TorchRuntime.newManager()) {
            Map<String, NDArray> params = load(root, network, start);
            // what the optimizer updates: the network's trainable tensors, or for an expanded weight its factors
            Map<String, NDArray> trainable = new LinkedHashMap<>();
            Map<ParamSpec, NDArray[]> expanded = new LinkedHashMap<>();
            Rng factorRng = new Rng(Rng.derive(recipe.seed(), "expansion"));
            for (ParamSpec spec : network.params()) {
                String name = spec.name();
                if (frozen.contains(name)) {
                    continue;
                }
                if (recipe.expansion() > 1 && Expansion.expandable(spec)) {
                    Expansion.Factors f = Expansion.factor(spec, start.get(name), recipe.expansion(), recipe.init(), factorRng);
                    NDArray[] factors = {root.create(f.a(), new Shape(f.aShape())), root.create(f.k(), new Shape(f.kShape())),
                            root.create(f.c(), new Shape(f.cShape()))};
                    String[] suffixes = {".A", ".K", ".C"};
                    for (int i = 0; i < 3; i++) {
                        factors[i].setRequiresGradient(true);
                        trainable.put(name + suffixes[i], factors[i]);
                    }
                    expanded.put(spec, factors);
                } else {
                    params.get(name).setRequiresGradient(true);
                    trainable.put(name, params.get(name));
                }
            }
            Optimizer optimizer = optimizer(recipe, totalSteps);
            for (int epoch = 0; epoch < recipe.epochs(); epoch++) {
                rng.shuffle(order);
                for (int from = 0; from < n; from += batchSize) {
                    int count = Math.min(batchSize, n - from);
                    batches.fill(order, from, count, pixels, targets, rng);
                    try (NDManager scope = root.newSubManager()) {
                        NDArray x = scope.create(fill(pixelBuffer, pixels), new Shape(batchSize, 1, 28, 28), DataType.FLOAT32);
                        NDArray y = scope.create(fill(targetBuffer, targets), new Shape(batchSize, network.numClasses()),
                                DataType.FLOAT32);
                        if (count < batchSize) {
                            x = x.get("0:" + count);
                            y = y.get("0:" + count);
                        }
                        NDArray loss;
                        TorchRuntime.recordGradients(true);
                        try {
                            loss = network.forward(x, withExpanded(params, expanded, scope)).logSoftmax(1).mul(y).sum()
                                    .div(-count);
                            TorchRuntime.backward(loss);
                        } finally {
                            TorchRuntime.recordGradients(false);
                        }
                        if (step % LOSS_CHECK_INTERVAL == 0 || step == totalSteps - 1) {
                            lastLoss = loss.getFloat();
                            if (!Double.isFinite(lastLoss)) {
                                throw new TrainingDivergedException(modelId + ": loss became " + lastLoss + " at step "
                                        + step + " of " + totalSteps + " (epoch " + (epoch + 1) + ", learning rate "
                                        + recipe.learningRate() + ", " + recipe.optimizer().id() + ")");
                            }
                        }
                        for (Map.Entry<String, NDArray> entry : trainable.entrySet()) {
                            NDArray parameter = entry.getValue();
                            try (NDArray gradient = parameter.getGradient()) {
                                optimizer.update(entry.getKey(), parameter, gradient);
                            }
                            TorchRuntime.zeroGradient(parameter);
                        }
                    }
                    step++;
                }
            }
            LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
            try (NDManager scope = root.newSubManager()) {
                // the trained network: expanded weights contracted once more, with grad mode off
                Map<String, NDArray> finals = withExpanded(params, expanded, scope);
                for (ParamSpec spec : network.params()) {
                    weights.put(spec.name(), finals.get(spec.name()).toFloatArray());
                }
            }
            for (ParamSpec spec : network.params()) {
                float[] values = weights.get(spec.name());
                for (float v : values) {
                    if (!Float.isFinite(v)) {
                        throw new TrainingDivergedException(modelId + ": parameter " + spec.name() + " is not finite after "
                                + totalSteps + " steps");
                    }
                }
            }
            return new TrainRun(weights, totalSteps, (System.nanoTime() - begin) / 1e9, lastLoss);
        }
    }

    /** The fraction of images {@code indices} of {@code set} whose arg-max output is their class's head index. */
    public double accuracy(Network network, Map<String, float[]> weights, ImageSet set, int[] indices,
            int[] headIndexOfClass) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("no images to measure accuracy on");
        }
        TorchRuntime.recordGradients(false);
        int correct = 0;
        float[] pixels = new float[Math.min(EVAL_BATCH, indices.length) * FashionMnist.PIXELS];
        ByteBuffer pixelBuffer = direct(pixels.length);
        try (NDManager root = TorchRuntime.newManager()) {
            Map<String, NDArray> params = load(root, network, weights);
            for (int from = 0; from < indices.length; from += EVAL_BATCH) {
                int count = Math.min(EVAL_BATCH, indices.length - from);
                for (int k = 0; k < count; k++) {
                    set.normalized(indices[from + k], pixels, k * FashionMnist.PIXELS);
                }
                try (NDManager scope = root.newSubManager()) {
                    NDArray x = scope.create(fill(pixelBuffer, pixels), new Shape(pixels.length / FashionMnist.PIXELS, 1, 28, 28),
                            DataType.FLOAT32);
                    if (count * FashionMnist.PIXELS < pixels.length) {
                        x = x.get("0:" + count);
                    }
                    long[] predicted = network.forward(x, params).argMax(1).toLongArray();
                    for (int k = 0; k < count; k++) {
                        if (predicted[k] == headIndexOfClass[set.labels()[indices[from + k]]]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return (double) correct / indices.length;
    }

    /**
     * A direct buffer for batches, allocated once per run. Creating an array from a Java {@code float[]} makes DJL
     * allocate a fresh direct buffer every time, which only a garbage collection gives back: over a long run that
     * is gigabytes of native memory. An array created from a direct buffer uses it in place; the step's arrays are
     * closed before the next batch overwrites it.
     */
    private static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    private static ByteBuffer fill(ByteBuffer buffer, float[] values) {
        buffer.clear();
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    /** {@code params} with each expanded weight replaced by the product of its factors, computed in {@code scope}. */
    private static Map<String, NDArray> withExpanded(Map<String, NDArray> params, Map<ParamSpec, NDArray[]> expanded,
            NDManager scope) {
        if (expanded.isEmpty()) {
            return params;
        }
        Map<String, NDArray> weights = new LinkedHashMap<>(params);
        for (Map.Entry<ParamSpec, NDArray[]> e : expanded.entrySet()) {
            NDArray[] f = e.getValue();
            weights.put(e.getKey().name(), Expansion.contract(f[0], f[1], f[2], e.getKey().shape(), scope));
        }
        return weights;
    }

    private static Map<String, NDArray> load(NDManager manager, Network network, Map<String, float[]> values) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (ParamSpec spec : network.params()) {
            float[] v = values.get(spec.name());
            if (v == null || v.length != spec.numel()) {
                throw new IllegalArgumentException("parameter " + spec.name() + " expects " + spec.numel() + " values, got "
                        + (v == null ? "none" : v.length));
            }
            params.put(spec.name(), manager.create(v, new Shape(spec.shape())));
        }
        return params;
    }

    private static Set<String> frozenNames(Network network, List<String> prefixes) {
        Set<String> frozen = new HashSet<>();
        for (ParamSpec spec : network.params()) {
            if (prefixes.stream().anyMatch(spec.name()::startsWith)) {
                frozen.add(spec.name());
            }
        }
        return frozen;
    }

    private static Optimizer optimizer(TrainingRecipe recipe, int totalSteps) {
        float lr = (float) recipe.learningRate();
        Tracker tracker = recipe.schedule() == LrSchedule.COSINE
                ? Tracker.cosine().setBaseValue(lr).optFinalValue(lr * 0.01f).setMaxUpdates(Math.max(1, totalSteps)).build()
                : Tracker.fixed(lr);
        float wd = (float) recipe.weightDecay();
        return switch (recipe.optimizer()) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(tracker).optWeightDecays(wd).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(tracker).optWeightDecays(wd).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(tracker).optMomentum(0.9f).optWeightDecays(wd).build();
        };
    }
}

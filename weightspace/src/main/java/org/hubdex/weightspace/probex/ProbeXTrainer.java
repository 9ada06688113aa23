package org.hubdex.weightspace.probex;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.hubdex.weightspace.engine.Autograd;
import org.hubdex.weightspace.engine.Engines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one ProbeX expert for one model tree: both heads jointly, on the loss
 * {@code BCEWithLogits(categories) + textLossWeight * CE(text)}, with Adam, keeping the epoch that
 * {@link ProbeXConfig#selection()} picks on the validation models.
 *
 * <p><b>Why jointly.</b> Both heads read the same representation z; the category loss gives it a strong, dense
 * signal from the first epoch and the text loss shapes it for descriptions. One pass over the data trains both at
 * the cost of one, and one selected epoch serves both heads.
 *
 * <p><b>Lifecycle.</b> Each {@link #train} call opens its own root {@code NDManager} on the device of
 * {@link Engines#device}, creates the parameters from seeded values, runs the epochs with each step's arrays in a
 * sub-manager closed at the step's end, copies the best epoch's parameters to Java arrays, closes everything and
 * builds the {@link ProbeXExpert} from them. Nothing survives a call but the expert.
 *
 * <p><b>Thread-safety.</b> Stateless apart from the immutable config; several threads may train experts at once
 * (grad mode is per thread, see {@link Autograd}). PyTorch's intra-op thread count is the caller's business
 * ({@link Autograd#intraOpThreads}). Same seed, data and thread count give the same expert.
 */
public final class ProbeXTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeXTrainer.class);

    private final ProbeXConfig config;

    public ProbeXTrainer(ProbeXConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public ProbeXConfig config() {
        return config;
    }

    /**
     * Trains the expert of tree {@code treeId}.
     *
     * @param train the training models (the vocabulary is their categories, sorted)
     * @param validation the validation models (may be empty: then the last epoch is kept)
     * @param listener told after every epoch
     * @throws LayerShapeMismatchException a model whose matrix shape is not the first training model's
     * @throws InvalidTrainingDataException no training model, no category, a bad text target or weight
     * @throws TrainingDivergedException the loss stopped being finite
     */
    public ProbeXExpert train(String treeId, List<ProbeXExample> train, List<ProbeXExample> validation,
            ProbeXTrainingListener listener) {
        Objects.requireNonNull(treeId, "treeId");
        long begin = System.nanoTime();
        TrainingSet data = TrainingSet.of(treeId, train, validation, config.inputScaling());
        TextCandidates trainTexts = TextCandidates.of(train, config.textDim());
        List<ProbeXExample> all = new ArrayList<>(train);
        all.addAll(validation);
        Optional<ValidationScorer> scorer = validation.isEmpty() ? Optional.empty()
                : Optional.of(new ValidationScorer(data.validationLabels, TextCandidates.of(all, config.textDim()),
                        train.size(), config.textTemperature(), config.textLossWeight()));
        float[][] textTargets = oneHot(trainTexts, train.size());
        ProbeXNetwork network = new ProbeXNetwork(data.rows, data.cols, config, data.vocabulary.size());
        SplittableRandom random = new SplittableRandom(config.seed());
        Map<String, float[]> initial = network.initialize(random.split());
        SplittableRandom shuffler = random.split();

        Engine engine = Engines.pytorch();
        Device device = Engines.device(engine);
        int n = train.size();
        int batchSize = Math.min(config.batchSize(), n);
        BatchBuffer xBuffer = new BatchBuffer(batchSize, data.features());
        BatchBuffer yBuffer = new BatchBuffer(batchSize, data.vocabulary.size());
        BatchBuffer tBuffer = new BatchBuffer(batchSize, trainTexts.count());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Map<String, float[]> best = initial;
        Optional<ValidationMetrics> bestValidation = Optional.empty();
        int bestEpoch = 0;
        float temperature = (float) config.textTemperature();
        float textWeight = (float) config.textLossWeight();
        LOG.info("Training the ProbeX expert of tree {}: {} training and {} validation models, layer {}x{}, {} categories,"
                + " {} distinct training texts, {}", treeId, n, validation.size(), data.rows, data.cols,
                data.vocabulary.size(), trainTexts.count(), config);
        Autograd.recordGradients(false);
        try (NDManager root = engine.newBaseManager(device)) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            network.shapes().forEach((name, shape) -> {
                NDArray p = root.create(initial.get(name), shape);
                p.setRequiresGradient(true);
                params.put(name, p);
            });
            NDArray candidatesT = root.create(trainTexts.transposed(), new Shape(config.textDim(), trainTexts.count()));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                    .optWeightDecays((float) config.weightDecay()).build();
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                shuffle(order, shuffler);
                double categorySum = 0;
                double textSum = 0;
                for (int from = 0; from < n; from += batchSize) {
                    int count = Math.min(batchSize, n - from);
                    try (NDManager scope = root.newSubManager()) {
                        NDArray x = scope.create(xBuffer.pack(data.trainInputs, order, from, count),
                                new Shape(count, data.rows, data.cols), DataType.FLOAT32);
                        NDArray y = scope.create(yBuffer.pack(data.trainLabels, order, from, count),
                                new Shape(count, data.vocabulary.size()), DataType.FLOAT32);
                        NDArray t = scope.create(tBuffer.pack(textTargets, order, from, count),
                                new Shape(count, trainTexts.count()), DataType.FLOAT32);
                        NDArray categoryLoss;
                        NDArray textLoss;
                        Autograd.recordGradients(true);
                        try {
                            ProbeXNetwork.Outputs out = network.forward(x, params);
                            categoryLoss = Losses.bceWithLogits(out.categoryLogits(), y);
                            textLoss = Losses.softmaxCrossEntropy(
                                    Losses.textLogits(out.textEmbedding(), candidatesT, temperature), t);
                            Autograd.backward(categoryLoss.add(textLoss.mul(textWeight)));
                        } finally {
                            Autograd.recordGradients(false);
                        }
                        double c = categoryLoss.getFloat();
                        double tl = textLoss.getFloat();
                        if (!Double.isFinite(c) || !Double.isFinite(tl)) {
                            throw new TrainingDivergedException("tree " + treeId + ": the loss became " + c + " (categories) + "
                                    + tl + " (text) in epoch " + epoch + " (learning rate " + config.learningRate()
                                    + ", input scaling " + config.inputScaling() + ")");
                        }
                        categorySum += c * count;
                        textSum += tl * count;
                        for (Map.Entry<String, NDArray> e : params.entrySet()) {
                            try (NDArray gradient = e.getValue().getGradient()) {
                                adam.update(e.getKey(), e.getValue(), gradient);
                            }
                            Autograd.zeroGradient(e.getValue());
                        }
                    }
                }
                Optional<ValidationMetrics> metrics = scorer.map(s -> s.score(
                        BatchedForward.run(root, network, params, data.validationInputs)));
                boolean improved = metrics.isEmpty() || bestValidation.isEmpty() || better(metrics.get(), bestValidation.get());
                if (improved) {
                    best = snapshot(params);
                    bestValidation = metrics;
                    bestEpoch = epoch;
                }
                listener.onEpoch(new EpochReport(epoch, config.epochs(), categorySum / n, textSum / n, metrics, improved,
                        (System.nanoTime() - begin) / 1e9));
            }
        }
        TrainingSummary summary = new TrainingSummary(n, validation.size(), config.epochs(), bestEpoch,
                (System.nanoTime() - begin) / 1e9, bestValidation);
        LOG.info("Trained the ProbeX expert of tree {} in {} s: kept epoch {} of {}, validation {}", treeId,
                String.format("%.1f", summary.seconds()), bestEpoch, config.epochs(), bestValidation.orElse(null));
        return new ProbeXExpert(treeId, config, data.rows, data.cols, data.vocabulary, data.scaler, best, summary);
    }

    private boolean better(ValidationMetrics candidate, ValidationMetrics incumbent) {
        return switch (config.selection()) {
            case VALIDATION_LOSS -> candidate.loss() < incumbent.loss();
            case VALIDATION_ACCURACY -> {
                double a = candidate.elementAccuracy() + candidate.textTop1();
                double b = incumbent.elementAccuracy() + incumbent.textTop1();
                yield a > b || (a == b && candidate.loss() < incumbent.loss());
            }
        };
    }

    private static Map<String, float[]> snapshot(Map<String, NDArray> params) {
        Map<String, float[]> values = new LinkedHashMap<>();
        params.forEach((name, p) -> values.put(name, p.toFloatArray()));
        return values;
    }

    private static float[][] oneHot(TextCandidates texts, int n) {
        float[][] rows = new float[n][texts.count()];
        for (int i = 0; i < n; i++) {
            rows[i][texts.target(i)] = 1f;
        }
        return rows;
    }

    /** Fisher-Yates with the run's own generator, so that the batch order is a function of the seed. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}

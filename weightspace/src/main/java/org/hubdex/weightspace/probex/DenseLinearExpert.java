package org.hubdex.weightspace.probex;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hubdex.weightspace.engine.Autograd;
import org.hubdex.weightspace.engine.Engines;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * The paper's baseline, a "dense linear expert on the same layer": multi-label logistic regression on the
 * flattened matrix, each element standardized by its training mean and deviation ({@link InputScaling#PER_ELEMENT}),
 * trained with Adam on the same examples, learning rate, weight decay, batch size and epochs as the ProbeX expert,
 * keeping the epoch with the lowest validation loss (or the best validation element-wise accuracy, as
 * {@link ProbeXConfig#selection()} says). Weights start at zero (the problem is convex), so the seed only orders the
 * batches. It is here to tell whether ProbeX's probes earn their cost on a tree.
 *
 * <p>Training uses the engine; predictions are plain Java ({@code rows * cols * C} multiply-adds a model), so the
 * trained expert holds no native memory. Immutable and thread-safe.
 */
public final class DenseLinearExpert {

    private final String treeId;
    private final int rows;
    private final int cols;
    private final List<String> vocabulary;
    private final InputScaler scaler;
    private final float[] weight;
    private final float[] bias;
    private final int bestEpoch;

    private DenseLinearExpert(String treeId, int rows, int cols, List<String> vocabulary, InputScaler scaler,
            float[] weight, float[] bias, int bestEpoch) {
        this.treeId = treeId;
        this.rows = rows;
        this.cols = cols;
        this.vocabulary = vocabulary;
        this.scaler = scaler;
        this.weight = weight;
        this.bias = bias;
        this.bestEpoch = bestEpoch;
    }

    /**
     * Trains the baseline of tree {@code treeId}; only {@code config}'s optimizer, epochs, seed and selection apply.
     *
     * @throws LayerShapeMismatchException a model whose matrix shape is not the first training model's
     * @throws InvalidTrainingDataException no training model, no category or a non-finite weight
     * @throws TrainingDivergedException the loss stopped being finite
     */
    public static DenseLinearExpert train(String treeId, List<ProbeXExample> train, List<ProbeXExample> validation,
            ProbeXConfig config) {
        TrainingSet data = TrainingSet.of(treeId, train, validation, InputScaling.PER_ELEMENT);
        int d = data.features();
        int c = data.vocabulary.size();
        int n = train.size();
        int batchSize = Math.min(config.batchSize(), n);
        SplittableRandom shuffler = new SplittableRandom(config.seed());
        BatchBuffer xBuffer = new BatchBuffer(batchSize, d);
        BatchBuffer yBuffer = new BatchBuffer(batchSize, c);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] bestWeight = new float[d * c];
        float[] bestBias = new float[c];
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        Engine engine = Engines.pytorch();
        Autograd.recordGradients(false);
        try (NDManager root = engine.newBaseManager(Engines.device(engine))) {
            NDArray w = root.zeros(new Shape(d, c));
            NDArray b = root.zeros(new Shape(c));
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                    .optWeightDecays((float) config.weightDecay()).build();
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = shuffler.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int from = 0; from < n; from += batchSize) {
                    int count = Math.min(batchSize, n - from);
                    try (NDManager scope = root.newSubManager()) {
                        NDArray x = scope.create(xBuffer.pack(data.trainInputs, order, from, count), new Shape(count, d),
                                DataType.FLOAT32);
                        NDArray y = scope.create(yBuffer.pack(data.trainLabels, order, from, count), new Shape(count, c),
                                DataType.FLOAT32);
                        NDArray loss;
                        Autograd.recordGradients(true);
                        try {
                            loss = Losses.bceWithLogits(x.matMul(w).add(b), y);
                            Autograd.backward(loss);
                        } finally {
                            Autograd.recordGradients(false);
                        }
                        float value = loss.getFloat();
                        if (!Float.isFinite(value)) {
                            throw new TrainingDivergedException("tree " + treeId + ": the dense baseline's loss became "
                                    + value + " in epoch " + epoch);
                        }
                        for (NDArray p : new NDArray[] {w, b}) {
                            try (NDArray gradient = p.getGradient()) {
                                adam.update(p == w ? "weight" : "bias", p, gradient);
                            }
                            Autograd.zeroGradient(p);
                        }
                    }
                }
                float[] weightNow = w.toFloatArray();
                float[] biasNow = b.toFloatArray();
                double score = validation.isEmpty() ? epoch
                        : score(config.selection(), data.validationInputs, data.validationLabels, weightNow, biasNow);
                if (score > bestScore) {
                    bestScore = score;
                    bestWeight = weightNow;
                    bestBias = biasNow;
                    bestEpoch = epoch;
                }
            }
        }
        return new DenseLinearExpert(treeId, data.rows, data.cols, data.vocabulary, data.scaler, bestWeight, bestBias,
                bestEpoch);
    }

    /** Higher is better: minus the loss, or the element-wise accuracy with the loss as a small tie-break. */
    private static double score(ModelSelection selection, float[][] inputs, float[][] labels, float[] w, float[] b) {
        double loss = 0;
        long right = 0;
        for (int m = 0; m < inputs.length; m++) {
            double[] logits = logits(inputs[m], w, b);
            for (int k = 0; k < logits.length; k++) {
                double x = logits[k];
                loss += Math.max(x, 0) - x * labels[m][k] + Math.log1p(Math.exp(-Math.abs(x)));
                if ((x > 0) == (labels[m][k] > 0.5)) {
                    right++;
                }
            }
        }
        double decisions = (double) inputs.length * b.length;
        loss /= decisions;
        return selection == ModelSelection.VALIDATION_LOSS ? -loss : right / decisions - 1e-6 * Math.min(loss, 100);
    }

    private static double[] logits(float[] x, float[] w, float[] b) {
        int c = b.length;
        double[] out = new double[c];
        for (int k = 0; k < c; k++) {
            out[k] = b[k];
        }
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            int row = i * c;
            for (int k = 0; k < c; k++) {
                out[k] += xi * w[row + k];
            }
        }
        return out;
    }

    public String treeId() {
        return treeId;
    }

    public int[] layerShape() {
        return new int[] {rows, cols};
    }

    public List<String> categories() {
        return vocabulary;
    }

    /** The epoch whose weights were kept (1-based). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The probability of each category (sigmoid of its logit), in vocabulary order.
     *
     * @throws LayerShapeMismatchException if the matrix is not of the layer shape
     */
    public Map<String, Double> predict(ProbeXMatrix matrix) {
        if (matrix.rows() != rows || matrix.cols() != cols) {
            throw new LayerShapeMismatchException("layer " + matrix.layerName() + " for the dense expert of tree " + treeId,
                    layerShape(), new int[] {matrix.rows(), matrix.cols()});
        }
        float[] x = new float[rows * cols];
        scaler.apply(matrix.values(), x, 0);
        double[] logits = logits(x, weight, bias);
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int k = 0; k < logits.length; k++) {
            probabilities.put(vocabulary.get(k), ValidationScorer.sigmoid(logits[k]));
        }
        return Collections.unmodifiableMap(probabilities);
    }

    public List<Map<String, Double>> predictAll(List<ProbeXMatrix> matrices) {
        List<Map<String, Double>> out = new ArrayList<>(matrices.size());
        matrices.forEach(m -> out.add(predict(m)));
        return out;
    }
}

package org.hubdex.weightspace.probex;

import java.util.Objects;

/**
 * The hyper-parameters of one ProbeX expert, immutable; every {@code withX} returns a validated copy.
 *
 * @param rU number of probes U (learned input vectors of size {@code d_W})
 * @param rV width of the shared projection V applied to every probe response (size {@code d_H} in)
 * @param rT size of the representation z
 * @param textDim size of the frozen sentence encoder's embeddings the text head maps into (384 for MiniLM)
 * @param learningRate Adam's learning rate
 * @param weightDecay Adam's L2 weight decay (added to the gradient, as PyTorch's {@code Adam(weight_decay)})
 * @param batchSize models per optimizer step
 * @param epochs passes over the training models; the kept epoch is chosen by {@code selection}
 * @param textTemperature divides the cosine logits of the text head (the paper uses 1)
 * @param textLossWeight weight of the text loss in the joint loss {@code category + weight * text}
 * @param seed seeds the initial parameters and the batch order: same seed, data and thread count, same expert
 * @param inputScaling how the weight matrix is rescaled before the probes, fitted on the training models
 * @param selection which epoch is kept
 */
public record ProbeXConfig(int rU, int rV, int rT, int textDim, double learningRate, double weightDecay, int batchSize,
        int epochs, double textTemperature, double textLossWeight, long seed, InputScaling inputScaling,
        ModelSelection selection) {

    public ProbeXConfig {
        positive("rU", rU);
        positive("rV", rV);
        positive("rT", rT);
        positive("textDim", textDim);
        positive("batchSize", batchSize);
        positive("epochs", epochs);
        if ((long) rU * rV > Integer.MAX_VALUE / Math.max(1, rT)) {
            throw new IllegalArgumentException("rU * rV * rT = " + (long) rU * rV * rT + " encoder weights is too many;"
                    + " lower the ranks");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
        }
        if (!(textTemperature > 0) || !Double.isFinite(textTemperature)) {
            throw new IllegalArgumentException("textTemperature must be positive and finite, got " + textTemperature);
        }
        if (!(textLossWeight >= 0) || !Double.isFinite(textLossWeight)) {
            throw new IllegalArgumentException("textLossWeight must be >= 0 and finite, got " + textLossWeight);
        }
        Objects.requireNonNull(inputScaling, "inputScaling");
        Objects.requireNonNull(selection, "selection");
    }

    /**
     * The defaults for our trees (50 to 250 training models, layers up to about 128x128), chosen on validation over
     * synthetic trees (see the README's ProbeX section): ranks 64 (the paper's 128 cost four times as much and did
     * no better), 200 epochs, text temperature 0.07 with text loss weight 0.1, inputs centred on the tree's mean
     * model ({@link InputScaling#TREE_CENTERED}), the epoch of lowest validation loss kept.
     */
    public static ProbeXConfig defaults() {
        return new ProbeXConfig(64, 64, 64, 384, 1e-3, 1e-5, 128, 200, 0.07, 0.1, 42L, InputScaling.TREE_CENTERED,
                ModelSelection.VALIDATION_LOSS);
    }

    /**
     * The reference settings of the ProbeX paper for category prediction (ranks 128, Adam 1e-3, weight decay 1e-5,
     * batch 128, 500 epochs, raw weights, temperature 1), for comparison; about 2.3M parameters on a 768x768 layer.
     */
    public static ProbeXConfig paper() {
        return new ProbeXConfig(128, 128, 128, 384, 1e-3, 1e-5, 128, 500, 1.0, 1.0, 42L, InputScaling.NONE,
                ModelSelection.VALIDATION_LOSS);
    }

    public ProbeXConfig withRanks(int rU, int rV, int rT) {
        return new ProbeXConfig(rU, rV, rT, textDim, learningRate, weightDecay, batchSize, epochs, textTemperature,
                textLossWeight, seed, inputScaling, selection);
    }

    public ProbeXConfig withTextDim(int textDim) {
        return new ProbeXConfig(rU, rV, rT, textDim, learningRate, weightDecay, batchSize, epochs, textTemperature,
                textLossWeight, seed, inputScaling, selection);
    }

    public ProbeXConfig withOptimizer(double learningRate, double weightDecay, int batchSize) {
        return new ProbeXConfig(rU, rV, rT, textDim, learningRate, weightDecay, batchSize, epochs, textTemperature,
                textLossWeight, seed, inputScaling, selection);
    }

    public ProbeXConfig withEpochs(int epochs) {
        return new ProbeXConfig(rU, rV, rT, textDim, learningRate, weightDecay, batchSize, epochs, textTemperature,
                textLossWeight, seed, inputScaling, selection);
    }

    public ProbeXConfig withText(double textTemperature, double textLossWeight) {
        return new ProbeXConfig(rU, rV, rT, textDim, learningRate, weightDecay, batchSize, epochs, textTemperature,
                textLossWeight, seed, inputScaling, selection);
    }

    public ProbeXConfig withSeed(long seed) {
        return new ProbeXConfig(rU, rV, rT, textDim, learningRate, weightDecay, batchSize, epochs, textTemperature,
                textLossWeight, seed, inputScaling, selection);
    }

    public ProbeXConfig withInputScaling(InputScaling inputScaling) {
        return new ProbeXConfig(rU, rV, rT, textDim, learningRate, weightDecay, batchSize, epochs, textTemperature,
                textLossWeight, seed, inputScaling, selection);
    }

    public ProbeXConfig withSelection(ModelSelection selection) {
        return new ProbeXConfig(rU, rV, rT, textDim, learningRate, weightDecay, batchSize, epochs, textTemperature,
                textLossWeight, seed, inputScaling, selection);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}

package org.hubdex.weightspace.backbone;

import java.util.Objects;

/**
 * Everything that shapes a backbone and its training, validated on construction and saved beside the parameters
 * (so a loaded backbone is rebuilt with exactly the sizes it was trained with).
 *
 * <p>The defaults ({@link #defaults()}) follow the design reference ({@code shared/science/backbone.md}) scaled to
 * this project's CPU-first setting: a 128-wide, 2+2-layer transformer with 64-d latents over 64-token windows,
 * {@code L = 0.05 NT-Xent + 0.95 MLN-MSE}, temperature 0.1, noise sigma 0.1, a projection head of width 30, batch
 * 32. The learning rate (5e-4, above the reference's 1e-4) and the step budget are ours: the reference trains for
 * 50-60 epochs on GPUs, we have minutes on two CPU cores, so a larger rate with warm-up and a cosine decay
 * (the reference's OneCycle shape) is what learns in the budget. Weight decay is 0 as in the reference. The
 * default budget is time, 540 seconds: on a machine whose load changes by a factor of four from hour to hour a step
 * budget would either waste an idle machine or overrun on a busy one; set {@code maxSteps} (and {@code maxSeconds 0})
 * for a reproducible run. One intra-op thread by default: see {@code weightspace/README.md} for why.
 *
 * @param tokenSize values per token (must match the tokenizer's)
 * @param dModel transformer width
 * @param encoderLayers transformer blocks in the encoder
 * @param decoderLayers transformer blocks in the decoder
 * @param heads attention heads (must divide {@code dModel})
 * @param mlpRatio MLP hidden width over {@code dModel}
 * @param latentDim width of one token's latent
 * @param windowTokens tokens per training window, and the longest window encoded at once at inference
 * @param haloTokens context tokens each side of an inference window, encoded and then dropped
 * @param projectionDim width of the contrastive projection head (30 in the reference)
 * @param projectionPooling how the head sees a window's latents (see {@link ProjectionPooling})
 * @param gamma weight of the contrastive loss; {@code 1 - gamma} weighs the reconstruction
 * @param temperature NT-Xent temperature
 * @param noiseSigma multiplicative noise {@code w * (1 + sigma * N(0,1))} applied to both views
 * @param eraseProbability probability that a view gets a random rectangle of its window zeroed (0: off)
 * @param learningRate AdamW peak learning rate
 * @param weightDecay AdamW decoupled weight decay
 * @param warmupFraction fraction of the budget spent warming the rate up linearly before the cosine decay
 * @param batchSize windows per step (each gives two views)
 * @param maxSteps the training budget in steps; 0 for none (then {@code maxSeconds} must be set). When set, the
 *     learning-rate schedule follows the step count and training is reproducible
 * @param maxSeconds the training budget in wall-clock seconds; 0 for none. Alone, it drives the schedule (training
 *     ends annealed after that long whatever the machine's load, but is not reproducible); beside a step budget it
 *     is only a safety stop that may cut the schedule short
 * @param evalEvery validation every so many steps (and at the start and the end)
 * @param seed seeds initialization, window sampling and augmentations
 * @param threads PyTorch intra-op threads the trainer sets for the process
 */
public record BackboneConfig(int tokenSize, int dModel, int encoderLayers, int decoderLayers, int heads, int mlpRatio,
        int latentDim, int windowTokens, int haloTokens, int projectionDim, ProjectionPooling projectionPooling,
        double gamma, double temperature, double noiseSigma, double eraseProbability, double learningRate,
        double weightDecay, double warmupFraction, int batchSize, int maxSteps, double maxSeconds, int evalEvery,
        long seed, int threads) {

    /** How the contrastive head reduces a window of token latents to one vector. */
    public enum ProjectionPooling {
        /**
         * Mean of the window's real token latents, then the head. Ours: windows start at random offsets of models of
         * very different lengths, so "the k-th token of the window" means nothing stable, and a flattening head
         * would spend its parameters on such slots (and on padding); the mean is also what the whole-model embedding
         * is made of, so the contrastive term shapes exactly what is used downstream.
         */
        MEAN,
        /** The reference: the window's latents flattened ({@code windowTokens x latentDim}, padding zeroed). */
        FLATTEN
    }

    public BackboneConfig {
        Objects.requireNonNull(projectionPooling, "projectionPooling");
        positive("tokenSize", tokenSize);
        positive("dModel", dModel);
        positive("encoderLayers", encoderLayers);
        positive("decoderLayers", decoderLayers);
        positive("heads", heads);
        positive("mlpRatio", mlpRatio);
        positive("latentDim", latentDim);
        positive("windowTokens", windowTokens);
        positive("projectionDim", projectionDim);
        positive("batchSize", batchSize);
        positive("evalEvery", evalEvery);
        positive("threads", threads);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by heads " + heads);
        }
        if (dModel % 2 != 0) {
            throw new IllegalArgumentException("dModel must be even for the sin/cos position code, got " + dModel);
        }
        if (haloTokens < 0 || windowTokens - 2 * haloTokens < 1) {
            throw new IllegalArgumentException("haloTokens " + haloTokens + " leaves no content in windows of "
                    + windowTokens + " tokens");
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("NT-Xent needs at least 2 windows a batch, got " + batchSize);
        }
        unit("gamma", gamma, true);
        unit("eraseProbability", eraseProbability, true);
        unit("warmupFraction", warmupFraction, false);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        if (!(noiseSigma >= 0)) {
            throw new IllegalArgumentException("noiseSigma must be >= 0, got " + noiseSigma);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        if (maxSteps < 0 || !(maxSeconds >= 0) || (maxSteps == 0 && maxSeconds == 0)) {
            throw new IllegalArgumentException("a budget is needed: maxSteps " + maxSteps + ", maxSeconds " + maxSeconds);
        }
    }

    /**
     * The default backbone: trains for 9 minutes (about 600 small models on 2 shared CPU cores; see
     * {@code weightspace/README.md} for the measured speed and how many epochs that is).
     */
    public static BackboneConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Content tokens of an inference window: {@code windowTokens - 2 * haloTokens}. */
    public int contentTokens() {
        return windowTokens - 2 * haloTokens;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void unit(String name, double value, boolean closed) {
        if (!(value >= 0 && (closed ? value <= 1 : value < 1))) {
            throw new IllegalArgumentException(name + " must be in [0, 1" + (closed ? "]" : ")") + ", got " + value);
        }
    }

    /** Mutable builder; every field starts at its default. */
    public static final class Builder {
        private int tokenSize = 128;
        private int dModel = 128;
        private int encoderLayers = 2;
        private int decoderLayers = 2;
        private int heads = 4;
        private int mlpRatio = 4;
        private int latentDim = 64;
        private int windowTokens = 64;
        private int haloTokens = 8;
        private int projectionDim = 30;
        private ProjectionPooling projectionPooling = ProjectionPooling.MEAN;
        private double gamma = 0.05;
        private double temperature = 0.1;
        private double noiseSigma = 0.1;
        private double eraseProbability = 0;
        private double learningRate = 5e-4;
        private double weightDecay = 0;
        private double warmupFraction = 0.05;
        private int batchSize = 32;
        private int maxSteps = 0;
        private double maxSeconds = 540;
        private int evalEvery = 100;
        private long seed = 42;
        private int threads = 1;

        private Builder() {
        }

        private Builder(BackboneConfig c) {
            tokenSize = c.tokenSize;
            dModel = c.dModel;
            encoderLayers = c.encoderLayers;
            decoderLayers = c.decoderLayers;
            heads = c.heads;
            mlpRatio = c.mlpRatio;
            latentDim = c.latentDim;
            windowTokens = c.windowTokens;
            haloTokens = c.haloTokens;
            projectionDim = c.projectionDim;
            projectionPooling = c.projectionPooling;
            gamma = c.gamma;
            temperature = c.temperature;
            noiseSigma = c.noiseSigma;
            eraseProbability = c.eraseProbability;
            learningRate = c.learningRate;
            weightDecay = c.weightDecay;
            warmupFraction = c.warmupFraction;
            batchSize = c.batchSize;
            maxSteps = c.maxSteps;
            maxSeconds = c.maxSeconds;
            evalEvery = c.evalEvery;
            seed = c.seed;
            threads = c.threads;
        }

        public Builder optTokenSize(int v) { tokenSize = v; return this; }
        public Builder optDModel(int v) { dModel = v; return this; }
        public Builder optEncoderLayers(int v) { encoderLayers = v; return this; }
        public Builder optDecoderLayers(int v) { decoderLayers = v; return this; }
        public Builder optHeads(int v) { heads = v; return this; }
        public Builder optMlpRatio(int v) { mlpRatio = v; return this; }
        public Builder optLatentDim(int v) { latentDim = v; return this; }
        public Builder optWindowTokens(int v) { windowTokens = v; return this; }
        public Builder optHaloTokens(int v) { haloTokens = v; return this; }
        public Builder optProjectionDim(int v) { projectionDim = v; return this; }
        public Builder optProjectionPooling(ProjectionPooling v) { projectionPooling = v; return this; }
        public Builder optGamma(double v) { gamma = v; return this; }
        public Builder optTemperature(double v) { temperature = v; return this; }
        public Builder optNoiseSigma(double v) { noiseSigma = v; return this; }
        public Builder optEraseProbability(double v) { eraseProbability = v; return this; }
        public Builder optLearningRate(double v) { learningRate = v; return this; }
        public Builder optWeightDecay(double v) { weightDecay = v; return this; }
        public Builder optWarmupFraction(double v) { warmupFraction = v; return this; }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        public Builder optMaxSteps(int v) { maxSteps = v; return this; }
        public Builder optMaxSeconds(double v) { maxSeconds = v; return this; }
        public Builder optEvalEvery(int v) { evalEvery = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }
        public Builder optThreads(int v) { threads = v; return this; }

        public BackboneConfig build() {
            return new BackboneConfig(tokenSize, dModel, encoderLayers, decoderLayers, heads, mlpRatio, latentDim,
                    windowTokens, haloTokens, projectionDim, projectionPooling, gamma, temperature, noiseSigma,
                    eraseProbability, learningRate, weightDecay, warmupFraction, batchSize, maxSteps, maxSeconds,
                    evalEvery, seed, threads);
        }
    }
}

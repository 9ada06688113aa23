package org.hubdex.weightspace.backbone;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.hubdex.weightspace.engine.Autograd;
import org.hubdex.weightspace.engine.Engines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Backbone} on token sequences, SANE style: each step draws {@code batchSize} random contiguous
 * windows ({@link TrainingWindows}), makes two augmented views of each ({@link Augmenter}), encodes both, decodes
 * both against the clean windows, and minimizes {@code gamma * NT-Xent + (1 - gamma) * MLN-MSE} ({@link Losses})
 * with AdamW under a warm-up + cosine schedule ({@link LearningRateSchedule}), until the step or the time budget
 * is spent. The validation reconstruction loss is measured at the start, every {@code evalEvery} steps and at the
 * end; progress goes to a {@link TrainingListener}.
 *
 * <p><b>Determinism.</b> Initialization, window draws and noise come from Java random sources seeded by the
 * configuration, and the schedule follows the step count whenever a step budget is set; on the CPU with the same
 * thread count two runs with the same seed and data give bit-identical parameters. When only a time budget is set
 * the number of steps (and so the result) depends on the machine.
 *
 * <p><b>Resources.</b> One root {@link NDManager} per run holds the parameters and the optimizer state; each step
 * runs in a sub-manager closed at its end, and batches are staged in reused direct buffers, so native memory stays
 * flat over a long run. Nothing but the returned backbone survives {@link #train}.
 *
 * <p><b>Threads.</b> Sets PyTorch's intra-op thread count for the process to {@code config.threads()} (a process-wide
 * setting). Autograd is switched on for the calling thread only ({@link Autograd}), so a trainer may run beside
 * backbones serving embeddings. One {@code train} call at a time per instance; instances are independent.
 */
public final class BackboneTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(BackboneTrainer.class);

    private final BackboneConfig config;

    public BackboneTrainer(BackboneConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public BackboneConfig config() {
        return config;
    }

    /**
     * Trains a backbone.
     *
     * @param train the training sequences (at least one; none empty; all of the configured token size)
     * @param validation held-out sequences for the validation loss (may be empty)
     * @throws EmptyTokenSequenceException if a sequence has no tokens
     * @throws IllegalArgumentException if there is no training sequence or a token size does not match
     * @throws TrainingDivergedException if the loss stops being finite
     */
    public Backbone train(List<TokenSequence> train, List<TokenSequence> validation, TrainingListener listener) {
        Objects.requireNonNull(listener, "listener");
        check(train, "training");
        check(validation, "validation");
        List<TokenSequence> healthyTrain = train.stream().filter(x -> !InputScale.degenerate(x)).toList();
        List<TokenSequence> healthyValidation = validation.stream().filter(x -> !InputScale.degenerate(x)).toList();
        if (healthyTrain.size() < train.size() || healthyValidation.size() < validation.size()) {
            LOG.warn("Leaving out {} training and {} validation sequences with weights beyond {} (diverged models)",
                    train.size() - healthyTrain.size(), validation.size() - healthyValidation.size(),
                    InputScale.DEGENERATE_MAGNITUDE);
        }
        train = healthyTrain;
        validation = healthyValidation;
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training sequences");
        }
        Engine engine = Engines.pytorch();
        Autograd.intraOpThreads(config.threads());
        Device device = Engines.device(engine);
        ParameterLayout layout = new ParameterLayout(config);
        InputScale scale = InputScale.of(train);
        PositionCode code = new PositionCode(config.dModel());
        BackboneNetwork network = new BackboneNetwork(config);
        TrainingWindows windows = new TrainingWindows(train, config.windowTokens());
        ValidationWindows validationWindows = new ValidationWindows(validation, config, code, scale);
        Augmenter augmenter = new Augmenter(config.noiseSigma(), config.eraseProbability());
        SplittableRandom random = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        LearningRateSchedule schedule = new LearningRateSchedule(config.learningRate(), config.warmupFraction());
        Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(schedule)
                .optWeightDecays((float) config.weightDecay()).build();
        LOG.info("Training a backbone of {} parameters on {} sequences ({} windows an epoch), {} validation windows;"
                        + " budget {} steps / {} s, {} intra-op threads", layout.parameterCount(), train.size(),
                windows.windowsPerEpoch(), validationWindows.size(),
                config.maxSteps(), config.maxSeconds(), config.threads());

        int b = config.batchSize();
        WindowBatch batch = new WindowBatch(2 * b, config.windowTokens(), config.tokenSize(), code, scale);
        WindowTensors.Staging staging = WindowTensors.Staging.direct();
        TrainingWindows.Draw[] draws = new TrainingWindows.Draw[b];
        long start = System.nanoTime();
        Autograd.recordGradients(false);
        try (NDManager root = NDManager.newBaseManager(device, Engines.PYTORCH)) {
            Weights weights = new Weights(root, layout, layout.initialize(config.seed()), true);
            Run run = new Run(start, windows.windowsPerEpoch());
            report(listener, run, validationWindows.loss(network, weights, root), true);
            while (!run.budgetSpent()) {
                schedule.progress(run.scheduleProgress());
                batch.clear();
                for (int i = 0; i < b; i++) {
                    draws[i] = windows.next(random);
                }
                for (int view = 0; view < 2; view++) {
                    for (TrainingWindows.Draw d : draws) {
                        batch.add(d.sequence(), d.from(), d.count(), augmenter, random);
                    }
                }
                Losses.MlnStats stats = Losses.MlnStats.of(batch.target, batch.mask, batch.target.length);
                try (NDManager scope = root.newSubManager()) {
                    WindowTensors in = WindowTensors.forLoss(batch, scope, staging);
                    NDArray reconstruction;
                    NDArray contrastive;
                    NDArray loss;
                    Autograd.recordGradients(true);
                    try {
                        NDArray latents = network.encode(in, weights);
                        NDArray prediction = network.decode(latents, in, weights).mul(scale.std()).add(scale.mean());
                        reconstruction = Losses.maskedNormalizedMse(prediction, in.target(), in.mask(), stats);
                        contrastive = Losses.ntXent(network.project(latents, in, weights), config.temperature(), scope);
                        loss = contrastive.mul((float) config.gamma()).add(reconstruction.mul((float) (1 - config.gamma())));
                        Autograd.backward(loss);
                    } finally {
                        Autograd.recordGradients(false);
                    }
                    run.lossParts(loss.getFloat(), reconstruction.getFloat(), contrastive.getFloat(), schedule.rate());
                    for (Map.Entry<String, NDArray> e : weights.all().entrySet()) {
                        NDArray parameter = e.getValue();
                        try (NDArray gradient = parameter.getGradient()) {
                            optimizer.update(e.getKey(), parameter, gradient);
                        }
                        Autograd.zeroGradient(parameter);
                    }
                }
                run.stepDone(b);
                report(listener, run, Double.NaN, false);
                if (run.step % config.evalEvery() == 0 && !run.budgetSpent()) {
                    report(listener, run, validationWindows.loss(network, weights, root), true);
                }
            }
            if (run.cutShort()) {
                LOG.warn("The {} s time cap stopped training at step {} of {}: the learning rate was still {}",
                        config.maxSeconds(), run.step, config.maxSteps(), schedule.rate());
            }
            double finalValidation = validationWindows.loss(network, weights, root);
            report(listener, run, finalValidation, true);
            LOG.info("Trained {} steps ({} epochs) in {} s; last loss {} (reconstruction {}, contrastive {}),"
                            + " validation reconstruction {}", run.step, String.format("%.2f", run.epochs()),
                    String.format("%.1f", run.elapsed()), run.loss, run.reconstruction, run.contrastive, finalValidation);
            return Backbone.create(config, scale, weights.toArrays(), device);
        }
    }

    private static void check(List<TokenSequence> sequences, String what) {
        Objects.requireNonNull(sequences, what);
        for (int i = 0; i < sequences.size(); i++) {
            TokenSequence s = sequences.get(i);
            if (s.tokenCount() == 0) {
                throw new EmptyTokenSequenceException(what + " sequence " + i + " has no tokens");
            }
        }
    }

    private void report(TrainingListener listener, Run run, double validationLoss, boolean validated) {
        OptionalDouble validation = Double.isNaN(validationLoss) ? OptionalDouble.empty() : OptionalDouble.of(validationLoss);
        validation.ifPresent(v -> LOG.debug("step {}: validation reconstruction loss {}", run.step, v));
        listener.onProgress(new TrainingProgress(run.step, config.maxSteps(), config.maxSeconds(), run.epochs(), run.loss,
                run.reconstruction, run.contrastive, validation, validated, run.rate, run.elapsed(), run.eta()));
    }

    /** The mutable state of one run: step count, budget, last losses. */
    private final class Run {
        private final long start;
        private final long windowsPerEpoch;
        private int step;
        private long windowsSeen;
        private double loss = Double.NaN;
        private double reconstruction = Double.NaN;
        private double contrastive = Double.NaN;
        private double rate = Double.NaN;

        Run(long start, long windowsPerEpoch) {
            this.start = start;
            this.windowsPerEpoch = windowsPerEpoch;
        }

        double elapsed() {
            return (System.nanoTime() - start) / 1e9;
        }

        double epochs() {
            return (double) windowsSeen / windowsPerEpoch;
        }

        boolean budgetSpent() {
            return (config.maxSteps() > 0 && step >= config.maxSteps())
                    || (config.maxSeconds() > 0 && elapsed() >= config.maxSeconds());
        }

        /** Steps decide the schedule whenever there is a step budget (reproducibility); time only without one. */
        double scheduleProgress() {
            return config.maxSteps() > 0 ? (double) step / config.maxSteps() : elapsed() / config.maxSeconds();
        }

        /** Whether a time cap beside a step budget ended training before the schedule did. */
        boolean cutShort() {
            return config.maxSteps() > 0 && step < config.maxSteps();
        }

        /** The larger of the two budgets' completions. */
        double budgetProgress() {
            double bySteps = config.maxSteps() > 0 ? (double) step / config.maxSteps() : 0;
            double byTime = config.maxSeconds() > 0 ? elapsed() / config.maxSeconds() : 0;
            return Math.min(1, Math.max(bySteps, byTime));
        }

        double eta() {
            double p = budgetProgress();
            return p <= 0 ? Double.NaN : elapsed() * (1 - p) / p;
        }

        void lossParts(double total, double reconstructionLoss, double contrastiveLoss, double learningRate) {
            if (!Double.isFinite(total)) {
                throw new TrainingDivergedException("the backbone's loss became " + total + " at step " + (step + 1)
                        + " (reconstruction " + reconstructionLoss + ", contrastive " + contrastiveLoss
                        + ", learning rate " + learningRate + ")");
            }
            this.loss = total;
            this.reconstruction = reconstructionLoss;
            this.contrastive = contrastiveLoss;
            this.rate = learningRate;
        }

        void stepDone(int windows) {
            step++;
            windowsSeen += windows;
        }
    }
}

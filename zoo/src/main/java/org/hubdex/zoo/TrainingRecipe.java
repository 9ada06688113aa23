package org.hubdex.zoo;

import java.util.List;

/**
 * Everything that decides how one model is trained, sampled by the plan before any training starts.
 *
 * @param optimizer the optimizer
 * @param learningRate the initial learning rate
 * @param schedule constant, or cosine decay over all steps of the run
 * @param weightDecay L2 weight decay (coupled for Adam and SGD, decoupled for AdamW); 0 for none
 * @param epochs passes over the training sample in this run
 * @param batchSize images per step
 * @param samplesPerClass training images drawn per class (the whole class when it has fewer); the test set is
 *     always the full Fashion-MNIST test set of the model's classes
 * @param augmentations training-time augmentations, possibly none
 * @param frozen parameter-name prefixes that are not trained (e.g. {@code features.}), possibly none
 * @param init how weights created by this run are initialized (all of them from scratch, the new head of a
 *     fine-tune)
 * @param seed the seed of this run's random sources (initialization, sampling, shuffling, augmentation)
 * @param expansion linear over-parameterization during training: 1 for none; {@code r > 1} trains each weight
 *     matrix and convolution kernel as a product of three factors {@code r} times wider (ExpandNets: an
 *     {@code in -> r*in} projection, the layer widened to {@code r*out x r*in}, an {@code r*out -> out}
 *     projection, with no nonlinearity between them), starting from factors whose product is the initial weight
 *     and contracted back into the one weight after every step. The network, its function class and the stored
 *     tensors are unchanged; only the optimization differs (the small CNN's bases use 4)
 */
public record TrainingRecipe(
        OptimizerKind optimizer,
        double learningRate,
        LrSchedule schedule,
        double weightDecay,
        int epochs,
        int batchSize,
        int samplesPerClass,
        List<Augmentation> augmentations,
        List<String> frozen,
        InitKind init,
        long seed,
        int expansion) {

    public TrainingRecipe {
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1), got " + learningRate);
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new IllegalArgumentException("weightDecay must be in [0, 1), got " + weightDecay);
        }
        if (epochs < 1 || batchSize < 1 || samplesPerClass < 1) {
            throw new IllegalArgumentException("epochs, batchSize and samplesPerClass must be positive, got "
                    + epochs + ", " + batchSize + ", " + samplesPerClass);
        }
        augmentations = List.copyOf(augmentations);
        frozen = List.copyOf(frozen);
        if (optimizer == null || schedule == null || init == null) {
            throw new IllegalArgumentException("optimizer, schedule and init are required");
        }
        if (expansion < 1 || expansion > 16) {
            throw new IllegalArgumentException("expansion must be in [1, 16], got " + expansion);
        }
    }

    /** A recipe without over-parameterization ({@code expansion} 1). */
    public TrainingRecipe(OptimizerKind optimizer, double learningRate, LrSchedule schedule, double weightDecay, int epochs,
            int batchSize, int samplesPerClass, List<Augmentation> augmentations, List<String> frozen, InitKind init,
            long seed) {
        this(optimizer, learningRate, schedule, weightDecay, epochs, batchSize, samplesPerClass, augmentations, frozen,
                init, seed, 1);
    }

    /** This recipe continued for {@code moreEpochs} more epochs with a fresh seed (a later commit of the same repository). */
    public TrainingRecipe continued(int moreEpochs, long newSeed) {
        return new TrainingRecipe(optimizer, learningRate, schedule, weightDecay, moreEpochs, batchSize, samplesPerClass,
                augmentations, frozen, init, newSeed, expansion);
    }
}

package org.hubdex.zoo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The population sizes and training budgets of a zoo. {@link #TINY} is for CI and integration tests (a few trees,
 * about 30 models, well under 3 minutes on 2 cores); {@link #STANDARD} is for training and evaluating the backbone
 * and ProbeX (14 trees, 612 models and 41 later commits; about 22 minutes on 2 shared cores). The numbers are in
 * {@link #sizes()} and in {@code zoo/README.md}.
 */
public enum ZooPreset {
    TINY(new Sizes(
            List.of(Family.CNN_SMALL, Family.CNN_WIDE, Family.MLP, Family.VIT_TINY),
            Map.of(Family.CNN_SMALL, 4, Family.CNN_WIDE, 3, Family.MLP, 3, Family.VIT_TINY, 3),
            Map.of(Family.CNN_SMALL, 3000, Family.CNN_WIDE, 1500, Family.MLP, 6000, Family.VIT_TINY, 1500),
            2, 24, 0.25, 0.12,
            2, 4, List.of(200, 300, 400), 120,
            4, 8, List.of(200, 400),
            1, 2)),
    STANDARD(new Sizes(
            List.of(Family.CNN_SMALL, Family.CNN_SMALL, Family.CNN_SMALL, Family.CNN_WIDE, Family.CNN_WIDE,
                    Family.MLP, Family.MLP, Family.VIT_TINY),
            Map.of(Family.CNN_SMALL, 30, Family.CNN_WIDE, 12, Family.MLP, 15, Family.VIT_TINY, 15),
            Map.of(Family.CNN_SMALL, 6000, Family.CNN_WIDE, 6000, Family.MLP, 6000, Family.VIT_TINY, 6000),
            6, 598, 0.25, 0.08,
            2, 8, List.of(150, 300, 600, 1000), 200,
            6, 15, List.of(500, 1000, 2000),
            2, 5));

    /**
     * The shape of a population and its training budgets.
     *
     * @param baseFamilies one entry per base model (a tree root pre-trained on all 10 classes)
     * @param baseEpochs epochs of base pre-training, by family
     * @param baseSamplesPerClass training images per class for base pre-training (6000 = the whole training set)
     * @param scratchModels models trained from scratch on a class subset (trees of one)
     * @param finetunes fine-tunes, children and grandchildren together
     * @param grandchildShare the share of fine-tunes whose parent is itself a fine-tune
     * @param updateShare the share of fine-tunes and scratch models that receive a second commit
     * @param minChildEpochs fewest epochs of a fine-tune
     * @param maxChildEpochs most epochs of a fine-tune
     * @param childSamplesPerClass the choices of training images per class for a fine-tune
     * @param minChildSteps fewest optimizer steps of a fine-tune (epochs are raised to reach it; scratch models get
     *     twice as many)
     * @param minScratchEpochs fewest epochs of a scratch model
     * @param maxScratchEpochs most epochs of a scratch model
     * @param scratchSamplesPerClass the choices of training images per class for a scratch model
     * @param minUpdateEpochs fewest extra epochs of a second commit
     * @param maxUpdateEpochs most extra epochs of a second commit
     */
    public record Sizes(
            List<Family> baseFamilies,
            Map<Family, Integer> baseEpochs,
            Map<Family, Integer> baseSamplesPerClass,
            int scratchModels,
            int finetunes,
            double grandchildShare,
            double updateShare,
            int minChildEpochs,
            int maxChildEpochs,
            List<Integer> childSamplesPerClass,
            int minChildSteps,
            int minScratchEpochs,
            int maxScratchEpochs,
            List<Integer> scratchSamplesPerClass,
            int minUpdateEpochs,
            int maxUpdateEpochs) {

        /** Every model of the population: bases, scratch models and fine-tunes. */
        public int totalModels() {
            return baseFamilies.size() + scratchModels + finetunes;
        }
    }

    private final Sizes sizes;

    ZooPreset(Sizes sizes) {
        this.sizes = sizes;
    }

    public Sizes sizes() {
        return sizes;
    }

    /** The preset's name on the command line and in {@code zoo.json}: {@code tiny} or {@code standard}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static ZooPreset fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new InvalidZooOptionsException("unknown preset '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(ZooPreset::id).toList()));
    }
}

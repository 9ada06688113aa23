package org.hubdex.trainer.training;

import java.util.Objects;
import org.hubdex.weightspace.backbone.BackboneConfig;
import org.hubdex.weightspace.probex.ProbeXConfig;
import org.hubdex.weightspace.router.RouterConfig;

/**
 * Everything one training run of a model set needs to know, recorded in the version's manifest.
 *
 * @param backbone the backbone's size and budget
 * @param probeX every expert's size and budget
 * @param router the router's centres and confidence threshold
 * @param split how labelled models are split
 * @param minExpertModels labelled training models a tree needs for an expert of its own
 * @param seed the split's seed
 */
public record TrainingConfig(BackboneConfig backbone, ProbeXConfig probeX, RouterConfig router, DatasetSplit.Shares split,
        int minExpertModels, long seed) {

    public TrainingConfig {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(probeX, "probeX");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(split, "split");
        if (minExpertModels < 2) {
            throw new IllegalArgumentException("an expert needs at least 2 training models, got " + minExpertModels);
        }
    }

    /** The defaults of every part. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(BackboneConfig.defaults(), ProbeXConfig.defaults(), RouterConfig.DEFAULT,
                DatasetSplit.Shares.defaults(), 8, 1);
    }

    public TrainingConfig withBackbone(BackboneConfig config) {
        return new TrainingConfig(config, probeX, router, split, minExpertModels, seed);
    }

    public TrainingConfig withProbeX(ProbeXConfig config) {
        return new TrainingConfig(backbone, config, router, split, minExpertModels, seed);
    }
}

package org.hubdex.zoo;

import java.util.Map;

/**
 * The figures of a finished zoo, logged as a table and written into {@code zoo.json}.
 *
 * @param preset the preset
 * @param seed the zoo seed
 * @param models models in the zoo
 * @param commits commits in the zoo (models plus later commits)
 * @param commitsThisRun commits trained by this run (the others were kept from an interrupted run)
 * @param workers workers this run used
 * @param elapsedSeconds wall time of this run
 * @param modelsPerTree models per tree, by root id
 * @param families figures per architecture family
 * @param finetuneAccuracy the distribution of fine-tunes' test accuracy on their own classes (first commits)
 * @param dtypes first commits per stored dtype
 * @param cardStyles models per card style
 */
public record ZooSummary(
        ZooPreset preset,
        long seed,
        int models,
        int commits,
        int commitsThisRun,
        int workers,
        double elapsedSeconds,
        Map<String, Integer> modelsPerTree,
        Map<Family, FamilyFigures> families,
        Distribution finetuneAccuracy,
        Map<String, Integer> dtypes,
        Map<String, Integer> cardStyles) {

    /**
     * Figures of one family (first commits).
     *
     * @param models models of the family
     * @param baseTestAccuracy mean test accuracy of its bases on all 10 classes (NaN if it has none)
     * @param finetuneTestAccuracy mean test accuracy of its fine-tunes on their own classes (NaN if none)
     * @param scratchTestAccuracy mean test accuracy of its scratch models (NaN if none)
     * @param trainSeconds total training wall time of its commits
     */
    public record FamilyFigures(int models, double baseTestAccuracy, double finetuneTestAccuracy, double scratchTestAccuracy,
            double trainSeconds) {
    }

    /** Quantiles of a set of values (all NaN when it is empty). */
    public record Distribution(int count, double min, double p10, double median, double p90, double max, double mean) {
    }
}

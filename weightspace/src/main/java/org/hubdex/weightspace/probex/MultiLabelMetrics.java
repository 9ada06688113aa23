package org.hubdex.weightspace.probex;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Multi-label accuracy as the ProbeX paper reports it: a category is predicted when its probability is above
 * 0.5, and every (model, category of the vocabulary) pair is one binary decision.
 *
 * @param models models scored
 * @param elementAccuracy the fraction of right (model, category) decisions; chance is 0.5 when half the labels are
 *     positive, and predicting "no" everywhere scores the fraction of negatives
 * @param exactSetAccuracy the fraction of models whose predicted set equals their true set (within the vocabulary)
 */
public record MultiLabelMetrics(int models, double elementAccuracy, double exactSetAccuracy) {

    /** The probability above which a category counts as predicted. */
    public static final double THRESHOLD = 0.5;

    /**
     * Scores predictions against the true sets over {@code vocabulary}; a true category outside the vocabulary
     * cannot be predicted and is ignored, a vocabulary category missing from a prediction counts as probability 0.
     */
    public static MultiLabelMetrics of(List<String> vocabulary, List<Map<String, Double>> probabilities,
            List<Set<String>> truths) {
        if (probabilities.size() != truths.size()) {
            throw new IllegalArgumentException(probabilities.size() + " predictions but " + truths.size() + " true sets");
        }
        double[][] p = new double[probabilities.size()][vocabulary.size()];
        boolean[][] t = new boolean[truths.size()][vocabulary.size()];
        for (int m = 0; m < p.length; m++) {
            for (int c = 0; c < vocabulary.size(); c++) {
                p[m][c] = probabilities.get(m).getOrDefault(vocabulary.get(c), 0.0);
                t[m][c] = truths.get(m).contains(vocabulary.get(c));
            }
        }
        return of(p, t);
    }

    /** Scores {@code probabilities[model][category]} against {@code truth[model][category]}. */
    public static MultiLabelMetrics of(double[][] probabilities, boolean[][] truth) {
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("no models to score");
        }
        if (probabilities.length != truth.length) {
            throw new IllegalArgumentException(probabilities.length + " predictions but " + truth.length + " true sets");
        }
        long right = 0;
        long decisions = 0;
        int exact = 0;
        for (int m = 0; m < probabilities.length; m++) {
            if (probabilities[m].length != truth[m].length) {
                throw new IllegalArgumentException("model " + m + ": " + probabilities[m].length + " probabilities but "
                        + truth[m].length + " labels");
            }
            boolean allRight = true;
            for (int c = 0; c < truth[m].length; c++) {
                boolean predicted = probabilities[m][c] > THRESHOLD;
                if (predicted == truth[m][c]) {
                    right++;
                } else {
                    allRight = false;
                }
                decisions++;
            }
            if (allRight) {
                exact++;
            }
        }
        double element = decisions == 0 ? 1.0 : (double) right / decisions;
        return new MultiLabelMetrics(probabilities.length, element, (double) exact / probabilities.length);
    }
}

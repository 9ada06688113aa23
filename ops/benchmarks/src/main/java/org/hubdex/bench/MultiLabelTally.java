package org.hubdex.bench;

import org.hubdex.weightspace.probex.MultiLabelMetrics;

/**
 * Multi-label scores pooled over trees with different vocabularies: every (model, category) decision counts once,
 * so a tree of 40 models weighs four times one of 10, as if all were scored together. Not thread-safe.
 */
final class MultiLabelTally {

    private long decisions;
    private long right;
    private int models;
    private int exact;

    /** Adds one tree's scores over a vocabulary of {@code vocabularySize} categories. */
    void add(MultiLabelMetrics metrics, int vocabularySize) {
        decisions += (long) metrics.models() * vocabularySize;
        right += Math.round(metrics.elementAccuracy() * metrics.models() * vocabularySize);
        models += metrics.models();
        exact += (int) Math.round(metrics.exactSetAccuracy() * metrics.models());
    }

    int models() {
        return models;
    }

    /** Right decisions over all decisions; NaN before any model. */
    double elementAccuracy() {
        return decisions == 0 ? Double.NaN : (double) right / decisions;
    }

    /** Models whose predicted set is exactly their true set; NaN before any model. */
    double exactSetAccuracy() {
        return models == 0 ? Double.NaN : (double) exact / models;
    }
}

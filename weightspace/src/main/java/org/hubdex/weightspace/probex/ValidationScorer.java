package org.hubdex.weightspace.probex;

/**
 * Turns the forward outputs of the validation models into {@link ValidationMetrics}, computing the losses in
 * double precision in Java (the same formulas as {@link Losses}).
 *
 * <p>The text candidates are the distinct descriptions of the training and the validation models: a validation
 * model's description is usually not among the training texts, and scoring it against the training texts alone
 * would make its own description impossible to pick.
 *
 * <p>Immutable.
 */
final class ValidationScorer {

    private final float[][] labels;
    private final TextCandidates candidates;
    private final int candidateOffset;
    private final float[] candidatesT;
    private final double temperature;
    private final double textLossWeight;

    /**
     * @param labels 0/1 rows over the vocabulary, one per validation model
     * @param candidates built from the training then the validation models
     * @param candidateOffset the number of training models (validation model i is candidates' model
     *     {@code candidateOffset + i})
     */
    ValidationScorer(float[][] labels, TextCandidates candidates, int candidateOffset, double temperature,
            double textLossWeight) {
        this.labels = labels;
        this.candidates = candidates;
        this.candidateOffset = candidateOffset;
        this.candidatesT = candidates.transposed();
        this.temperature = temperature;
        this.textLossWeight = textLossWeight;
    }

    ValidationMetrics score(BatchedForward.Result out) {
        int n = labels.length;
        double categoryLoss = 0;
        double textLoss = 0;
        int top1 = 0;
        double[][] probabilities = new double[n][];
        boolean[][] truth = new boolean[n][];
        int k = candidates.count();
        for (int m = 0; m < n; m++) {
            float[] l = out.categoryLogits()[m];
            probabilities[m] = new double[l.length];
            truth[m] = new boolean[l.length];
            for (int c = 0; c < l.length; c++) {
                double x = l[c];
                double y = labels[m][c];
                categoryLoss += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                probabilities[m][c] = sigmoid(x);
                truth[m][c] = y > 0.5;
            }
            float[] e = out.textEmbedding()[m];
            double[] logits = new double[k];
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int d = 0; d < e.length; d++) {
                    dot += e[d] * candidatesT[d * k + j];
                }
                logits[j] = dot / temperature;
                if (logits[j] > max) {
                    max = logits[j];
                    best = j;
                }
            }
            double sum = 0;
            for (double v : logits) {
                sum += Math.exp(v - max);
            }
            int target = candidates.target(candidateOffset + m);
            textLoss += max + Math.log(sum) - logits[target];
            if (best == target) {
                top1++;
            }
        }
        int vocabulary = labels[0].length;
        categoryLoss /= (double) n * vocabulary;
        textLoss /= n;
        MultiLabelMetrics accuracy = MultiLabelMetrics.of(probabilities, truth);
        return new ValidationMetrics(n, categoryLoss, textLoss, categoryLoss + textLossWeight * textLoss,
                accuracy.elementAccuracy(), accuracy.exactSetAccuracy(), (double) top1 / n);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

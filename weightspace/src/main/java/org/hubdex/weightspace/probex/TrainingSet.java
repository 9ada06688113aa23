package org.hubdex.weightspace.probex;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checked, scaled inputs and 0/1 labels of one tree's training and validation models, shared by the ProbeX
 * trainer and the dense baseline: every matrix has the layer shape of the first training model and only finite
 * values, the vocabulary is the sorted set of training categories, and the scaler is fitted on the training
 * matrices only.
 *
 * <p>Immutable after construction (the arrays are not exposed outside the package).
 */
final class TrainingSet {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingSet.class);

    final String treeId;
    final int rows;
    final int cols;
    final List<String> vocabulary;
    final InputScaler scaler;
    final float[][] trainInputs;
    final float[][] trainLabels;
    final float[][] validationInputs;
    final float[][] validationLabels;

    private TrainingSet(String treeId, int rows, int cols, List<String> vocabulary, InputScaler scaler,
            float[][] trainInputs, float[][] trainLabels, float[][] validationInputs, float[][] validationLabels) {
        this.treeId = treeId;
        this.rows = rows;
        this.cols = cols;
        this.vocabulary = vocabulary;
        this.scaler = scaler;
        this.trainInputs = trainInputs;
        this.trainLabels = trainLabels;
        this.validationInputs = validationInputs;
        this.validationLabels = validationLabels;
    }

    /**
     * @throws InvalidTrainingDataException no training model, no category, a non-finite weight
     * @throws LayerShapeMismatchException a matrix of another shape than the first training model's
     */
    static TrainingSet of(String treeId, List<ProbeXExample> train, List<ProbeXExample> validation, InputScaling scaling) {
        if (train.isEmpty()) {
            throw new InvalidTrainingDataException("tree " + treeId + ": no training models");
        }
        ProbeXMatrix first = train.get(0).matrix();
        int rows = first.rows();
        int cols = first.cols();
        List<ProbeXMatrix> matrices = new ArrayList<>();
        Set<String> categories = new TreeSet<>();
        for (ProbeXExample e : train) {
            matrices.add(checked(treeId, e, rows, cols));
            categories.addAll(e.categories());
        }
        validation.forEach(e -> checked(treeId, e, rows, cols));
        if (categories.isEmpty()) {
            throw new InvalidTrainingDataException("tree " + treeId + ": no training model has a category, so the"
                    + " category head has nothing to learn");
        }
        List<String> vocabulary = List.copyOf(categories);
        long unseen = validation.stream().flatMap(e -> e.categories().stream()).filter(c -> !categories.contains(c))
                .count();
        if (unseen > 0) {
            LOG.warn("Tree {}: {} validation label(s) name categories no training model has; they cannot be predicted"
                    + " and are not scored", treeId, unseen);
        }
        InputScaler scaler = InputScaler.fit(scaling, matrices);
        return new TrainingSet(treeId, rows, cols, vocabulary, scaler, inputs(scaler, train), labels(vocabulary, train),
                inputs(scaler, validation), labels(vocabulary, validation));
    }

    private static ProbeXMatrix checked(String treeId, ProbeXExample e, int rows, int cols) {
        ProbeXMatrix m = e.matrix();
        if (m.rows() != rows || m.cols() != cols) {
            throw new LayerShapeMismatchException("tree " + treeId + ", model " + e.modelId() + " (layer "
                    + m.layerName() + ")", new int[] {rows, cols}, new int[] {m.rows(), m.cols()});
        }
        for (float v : m.values()) {
            if (!Float.isFinite(v)) {
                throw new InvalidTrainingDataException("tree " + treeId + ", model " + e.modelId() + ": layer "
                        + m.layerName() + " holds " + v);
            }
        }
        return m;
    }

    private static float[][] inputs(InputScaler scaler, List<ProbeXExample> examples) {
        float[][] out = new float[examples.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] values = examples.get(i).matrix().values();
            out[i] = new float[values.length];
            scaler.apply(values, out[i], 0);
        }
        return out;
    }

    /** Label rows over the vocabulary: 1 where the model has the category. */
    static float[][] labels(List<String> vocabulary, List<ProbeXExample> examples) {
        float[][] out = new float[examples.size()][vocabulary.size()];
        for (int i = 0; i < out.length; i++) {
            for (int c = 0; c < vocabulary.size(); c++) {
                out[i][c] = examples.get(i).categories().contains(vocabulary.get(c)) ? 1f : 0f;
            }
        }
        return out;
    }

    int features() {
        return rows * cols;
    }
}

package org.hubdex.trainer.training;

import java.util.List;
import java.util.Map;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.weightspace.modelset.ModelSet;

/**
 * What one training run produced.
 *
 * @param modelSet the trained set (the caller closes it)
 * @param metrics the held-out metrics the quality gate compares, by name
 * @param details further held-out figures for the report (per tree, counts), by name
 * @param parts the split: part of every labelled model
 * @param trees the tree of every model whose card ties it to one
 * @param seconds wall-clock seconds per stage ({@code backbone}, {@code router}, {@code text}, {@code experts},
 *     {@code evaluation}, {@code total})
 * @param curves the loss-curve points, in order
 */
public record TrainingResult(ModelSet modelSet, Map<String, Double> metrics, Map<String, Double> details,
        Map<String, Part> parts, Map<String, String> trees, Map<String, Double> seconds, List<String> curves) {
}

package org.hubdex.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.trainer.training.TrainingExample;
import org.hubdex.trainer.training.TrainingResult;
import org.hubdex.weightspace.modelset.ModelSetEmbedding;

/**
 * What every part of {@code ops/bench quality} scores: the corpus models as the trainer read them, each one's zoo
 * truth, the training run (model set, split, card trees) and each model embedded once by the trained set.
 *
 * @param examples the corpus's current models, as trained on
 * @param truth the manifest's truth of each example, by model id (every example has one)
 * @param training the training run
 * @param embeddings {@code ModelSet.embed} of every example with tokens, by model id, with its card's base models
 */
record QualityInputs(List<TrainingExample> examples, Map<String, ZooTruth.Model> truth, TrainingResult training,
        Map<String, ModelSetEmbedding> embeddings) {

    QualityInputs {
        examples = List.copyOf(examples);
        truth = Map.copyOf(truth);
        embeddings = Map.copyOf(embeddings);
    }

    /** The part of the trainer's split the model was in; empty for unlabelled models (no class names or tree). */
    Optional<Part> part(String modelId) {
        return Optional.ofNullable(training.parts().get(modelId));
    }

    ZooTruth.Model truthOf(String modelId) {
        return truth.get(modelId);
    }
}

package org.hubdex.trainer.training;

import java.util.Objects;
import org.hubdex.trainer.corpus.ModelFacts;
import org.hubdex.weightrecords.DecodedTokens;

/**
 * One corpus model as training reads it: what its card and config say, and its decoded tokens.
 *
 * @param facts the model's facts (labels and parent from its card/config, never the zoo's ground truth)
 * @param tokens its tokens, ProbeX layer and layer statistics
 */
public record TrainingExample(ModelFacts facts, DecodedTokens tokens) {

    public TrainingExample {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(tokens, "tokens");
    }

    public String modelId() {
        return facts.modelId();
    }

    /** The class combination in a canonical form: the sorted class names joined by {@code |}. */
    public String classKey() {
        return String.join("|", facts.classNames().stream().sorted().toList());
    }
}

package org.hubdex.trainer.training;

import java.util.Objects;
import java.util.Optional;
import org.hubdex.trainer.corpus.ModelFacts;
import org.hubdex.weightrecords.DecodedTokens;
import org.hubdex.weightrecords.HeadMatrices;
import org.hubdex.weightrecords.RoutingMatrices;
import org.hubdex.weightspace.backbone.DegenerateWeights;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * One corpus model as training reads it: what its card and config say, and its decoded tokens.
 *
 * @param facts the model's facts (labels and parent from its card/config, never the zoo's ground truth)
 * @param tokens its tokens, ProbeX layer and layer statistics
 * @param routingMatrix the weights the router compares ({@link RoutingMatrices})
 * @param head the classification head as rows ({@link HeadMatrices}), when the tokens hold it whole
 */
public record TrainingExample(ModelFacts facts, DecodedTokens tokens, Optional<ProbeXMatrix> routingMatrix,
        Optional<ProbeXMatrix> head) {

    public TrainingExample {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(routingMatrix, "routingMatrix");
        Objects.requireNonNull(head, "head");
    }

    /** An example with its routing matrix computed from the tokens. */
    public static TrainingExample of(ModelFacts facts, DecodedTokens tokens) {
        return new TrainingExample(facts, tokens, RoutingMatrices.of(tokens), HeadMatrices.of(tokens));
    }

    public String modelId() {
        return facts.modelId();
    }

    /**
     * Whether the model's weights are degenerate ({@link DegenerateWeights} in its ProbeX, routing or head matrix:
     * a diverged fine-tune). Such models are embedded but never shape a router centre or an expert.
     */
    public boolean degenerate() {
        return beyond(tokens.probeX()) || beyond(routingMatrix) || beyond(head);
    }

    private static boolean beyond(Optional<ProbeXMatrix> matrix) {
        return matrix.isPresent() && DegenerateWeights.any(matrix.get().values());
    }

    /** The class combination in a canonical form: the sorted class names joined by {@code |}. */
    public String classKey() {
        return String.join("|", facts.classNames().stream().sorted().toList());
    }
}

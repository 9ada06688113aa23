package org.hubdex.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.trainer.training.TrainingExample;
import org.hubdex.weightspace.router.Router;
import org.hubdex.weightspace.router.Routing;
import org.hubdex.weightspace.router.RoutingInput;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * The router on models whose card names no {@code base_model} (manifest card style {@code no-base-model} or
 * {@code no-card}), so that only their weights can place them: right when the tree it names is the manifest's
 * tree. The routing is the one {@code ModelSet.embed} made while embedding the model.
 *
 * <p>Baseline: one nearest neighbour by the Euclidean distance between ProbeX matrices of the same layer, among the
 * models the router could learn from (a tree assigned by the trainer, from cards or recovered by weights; not in the
 * TEST or ZERO_SHOT part; not diverged), the model itself left out; it answers the neighbour's tree.
 *
 * <p>Card trees and manifest trees can differ where a lineage passes through a model whose card names no parent: its
 * fine-tunes' cards lead to it, so the trainer may see a tree named after it. A routing to such a tree is wrong by the
 * manifest; {@code rightLineage} counts the routings whose tree is at least a model of the right manifest tree.
 * {@code nearestTreeRight} shows what the confidence threshold costs: the same router made to always answer its
 * nearest tree ({@code withConfidenceThreshold(0)}).
 */
final class RouterEvaluation {

    /**
     * @param models models routed (no base model in the card, with a ProbeX layer and a routing matrix)
     * @param right routed to the manifest tree
     * @param rightLineage routed to a tree named after a model of the manifest tree (includes {@code right})
     * @param generic routed to no tree
     * @param unknownTree models whose manifest tree is none the router knows (it cannot be right on them)
     * @param learnedFrom models the router learned from itself (in a card tree and not held out)
     * @param nearestTreeRight right answers of the router without its confidence threshold
     * @param nearestRight the baseline's right answers
     */
    record Result(int models, int right, int rightLineage, int generic, int unknownTree, int learnedFrom,
            int nearestTreeRight, int nearestRight) {
    }

    private final QualityInputs in;

    RouterEvaluation(QualityInputs in) {
        this.in = in;
    }

    Result run() {
        List<TrainingExample> members = new ArrayList<>();
        Set<String> memberIds = new HashSet<>();
        for (TrainingExample e : in.examples()) {
            Optional<Part> part = in.part(e.modelId());
            boolean heldOut = part.equals(Optional.of(Part.TEST)) || part.equals(Optional.of(Part.ZERO_SHOT));
            if (in.training().trees().containsKey(e.modelId()) && !heldOut && !e.degenerate()
                    && e.tokens().probeX().isPresent()) {
                members.add(e);
                memberIds.add(e.modelId());
            }
        }
        Router router = in.training().modelSet().router();
        Router alwaysNearest = router.withConfidenceThreshold(0);
        Set<String> trees = router.trees();
        int models = 0;
        int right = 0;
        int lineage = 0;
        int generic = 0;
        int unknown = 0;
        int learnedFrom = 0;
        int nearestTreeRight = 0;
        int nearestRight = 0;
        for (TrainingExample e : in.examples()) {
            ZooTruth.Model truth = in.truthOf(e.modelId());
            if (!truth.withoutBaseModel() || e.tokens().probeX().isEmpty() || e.routingMatrix().isEmpty()
                    || !in.embeddings().containsKey(e.modelId())) {
                continue;
            }
            models++;
            Routing routing = in.embeddings().get(e.modelId()).routing();
            if (routing.treeId().isEmpty()) {
                generic++;
            } else {
                String tree = routing.treeId().get();
                boolean namedAfterLineage = Optional.ofNullable(in.truth().get(tree))
                        .map(t -> t.tree().equals(truth.tree())).orElse(false);
                right += tree.equals(truth.tree()) ? 1 : 0;
                lineage += tree.equals(truth.tree()) || namedAfterLineage ? 1 : 0;
            }
            nearestTreeRight += alwaysNearest.route(RoutingInput.of(e.modelId(), List.of(), e.routingMatrix().get()))
                    .treeId().map(t -> t.equals(truth.tree())).orElse(false) ? 1 : 0;
            unknown += trees.contains(truth.tree()) ? 0 : 1;
            learnedFrom += memberIds.contains(e.modelId()) ? 1 : 0;
            nearestRight += nearestTree(e, members).map(t -> t.equals(truth.tree())).orElse(false) ? 1 : 0;
        }
        return new Result(models, right, lineage, generic, unknown, learnedFrom, nearestTreeRight, nearestRight);
    }

    private Optional<String> nearestTree(TrainingExample query, List<TrainingExample> members) {
        ProbeXMatrix x = query.tokens().probeX().get();
        String signature = RoutingInput.signatureOf(x);
        Map<String, String> cardTrees = in.training().trees();
        String best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (TrainingExample m : members) {
            ProbeXMatrix y = m.tokens().probeX().get();
            if (m.modelId().equals(query.modelId()) || !RoutingInput.signatureOf(y).equals(signature)) {
                continue;
            }
            double d = distance(x.values(), y.values());
            if (d < bestDistance) {
                bestDistance = d;
                best = cardTrees.get(m.modelId());
            }
        }
        return Optional.ofNullable(best);
    }

    static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}

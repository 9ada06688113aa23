package org.hubdex.trainer.training;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hubdex.weightspace.router.Router;
import org.hubdex.weightspace.router.RouterConfig;
import org.hubdex.weightspace.router.RouterTrainer;
import org.hubdex.weightspace.router.Routing;
import org.hubdex.weightspace.router.RoutingInput;
import org.hubdex.weightspace.router.TreeMember;

/**
 * Completes the trees the cards leave broken. A card chain stops at the first parent whose own card names no
 * parent, so a fine-tune of an undocumented fine-tune looks like the root of a tree of its own, and a model whose
 * card names no parent belongs to no tree at all. Most such models descend from one of the few large trees (the
 * hub's shape: a few bases, many fine-tunes). So: a router is fitted on the members of the trees the cards
 * establish (those with at least {@code minTreeSize} members), and every other model is routed by its weights;
 * a confident answer puts it in that tree, anything else leaves it where the cards put it (or nowhere).
 *
 * <p>The card's word is never overruled for members of established trees.
 */
final class TreeRecovery {

    private final RouterConfig routerConfig;
    private final int minTreeSize;
    private final TrainingLog log;

    TreeRecovery(RouterConfig routerConfig, int minTreeSize, TrainingLog log) {
        this.routerConfig = routerConfig;
        this.minTreeSize = minTreeSize;
        this.log = log;
    }

    /** The card trees with at least {@code minTreeSize} members: the ones whose word is never overruled. */
    static java.util.Set<String> established(Map<String, String> cardTrees, int minTreeSize) {
        Map<String, Integer> sizes = new HashMap<>();
        cardTrees.values().forEach(t -> sizes.merge(t, 1, Integer::sum));
        java.util.Set<String> established = new java.util.HashSet<>();
        sizes.forEach((tree, size) -> {
            if (size >= minTreeSize) {
                established.add(tree);
            }
        });
        return established;
    }

    /** The tree of every model: the cards' where established, else the weights' where confident, else the cards'. */
    Map<String, String> recover(Collection<TrainingExample> corpus, Map<String, String> cardTrees) {
        java.util.Set<String> established = established(cardTrees, minTreeSize);
        List<TreeMember> members = new ArrayList<>();
        for (TrainingExample e : corpus) {
            String tree = cardTrees.get(e.modelId());
            if (tree != null && established.contains(tree) && e.routingMatrix().isPresent() && !e.degenerate()) {
                List<String> base = e.facts().baseModels();
                members.add(new TreeMember(e.modelId(), tree, base.isEmpty() ? null : base.get(0),
                        RoutingInput.of(e.modelId(), base, e.routingMatrix().get())));
            }
        }
        Map<String, String> trees = new HashMap<>(cardTrees);
        if (members.isEmpty()) {
            return trees;
        }
        Router router = new RouterTrainer(routerConfig).fit(members);
        int moved = 0;
        int placed = 0;
        for (TrainingExample e : corpus) {
            String tree = cardTrees.get(e.modelId());
            if ((tree != null && established.contains(tree)) || e.routingMatrix().isEmpty()) {
                continue;
            }
            Routing routing = router.route(RoutingInput.of(e.modelId(), List.of(), e.routingMatrix().get()));
            if (routing.method() == Routing.Method.WEIGHTS && routing.treeId().isPresent()) {
                trees.put(e.modelId(), routing.treeId().get());
                if (tree == null) {
                    placed++;
                } else {
                    moved++;
                }
            }
        }
        log.progress(true, "trees: %d established by cards; by weights, %d models placed in one and %d moved from a"
                + " card fragment into one", established.size(), placed, moved);
        return trees;
    }
}

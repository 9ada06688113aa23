package org.hubdex.weightspace.router;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a model to its tree's ProbeX expert, or to the generic path.
 *
 * <ol>
 *   <li><b>Card.</b> When the card's {@code base_model} names a model the router knows (a training member,
 *       base or fine-tune, or a member's parent), the model goes to that tree: a documented lineage needs no
 *       guessing. Confidence 1, or the share of the known bases naming the chosen tree when a merge names
 *       several trees.</li>
 *   <li><b>Weights.</b> Otherwise, among the trees with centres of the model's layer signature, the nearest by
 *       {@code ||X - C||_F / ||C||_F} (MoTHer's normalized weight-difference magnitude), when the
 *       {@linkplain WeightConfidence confidence} {@code (1 - d1/d2) * fit(d1, spread)} reaches the configured
 *       threshold.</li>
 *   <li><b>Generic</b> otherwise: an unknown signature, no matrix, or no confident tree.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe: built by {@link RouterTrainer} or {@link #load}, never changed afterwards.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final RouterConfig config;
    private final CardIndex cards;
    private final Map<String, SignatureGroup> groups;

    Router(RouterConfig config, CardIndex cards, List<SignatureGroup> groups) {
        this.config = Objects.requireNonNull(config, "config");
        this.cards = Objects.requireNonNull(cards, "cards");
        Map<String, SignatureGroup> bySignature = new LinkedHashMap<>();
        groups.stream().sorted(Comparator.comparing(SignatureGroup::signature))
                .forEach(group -> bySignature.put(group.signature(), group));
        this.groups = java.util.Collections.unmodifiableMap(bySignature);
    }

    /** Reads a router written by {@link #save}. */
    public static Router load(Path dir) {
        return RouterStore.load(dir);
    }

    /** Writes the router to {@code dir}: {@code router.json} and {@code centres.safetensors} (float32 centres). */
    public void save(Path dir) {
        RouterStore.save(this, dir);
    }

    /** Routes one model. */
    public Routing route(RoutingInput input) {
        Optional<CardIndex.Vote> vote = cards.vote(input.cardBaseModels());
        if (vote.isPresent()) {
            String tree = vote.get().treeId();
            double distance = distanceTo(input, tree);
            LOG.debug("{}: card names tree {} (share {}), weight distance {}", input.modelId(), tree, vote.get().share(), distance);
            return new Routing(Routing.Method.CARD_BASE_MODEL, Optional.of(tree), vote.get().share(), distance);
        }
        SignatureGroup group = input.hasWeights() ? groups.get(input.layerSignature()) : null;
        if (group == null) {
            LOG.debug("{}: no known tree has layer signature {}", input.modelId(), input.layerSignature());
            return Routing.generic(0, Double.NaN);
        }
        float[] x = values(input, group);
        String nearestTree = null;
        TreeCentres nearest = null;
        double d1 = Double.POSITIVE_INFINITY;
        double d2 = Double.POSITIVE_INFINITY;
        for (TreeCentres tree : group.trees()) {
            double d = tree.distance(x);
            if (d < d1) {
                d2 = d1;
                d1 = d;
                nearest = tree;
                nearestTree = tree.treeId();
            } else if (d < d2) {
                d2 = d;
            }
        }
        if (nearest == null || !Double.isFinite(d1)) {
            return Routing.generic(0, nearest == null ? Double.NaN : d1);
        }
        double confidence = WeightConfidence.of(d1, d2, nearest.spread(), config);
        LOG.debug("{}: nearest tree {} at {}, next at {}, spread {}, confidence {}", input.modelId(), nearestTree, d1, d2,
                nearest.spread(), confidence);
        if (confidence >= config.confidenceThreshold()) {
            return new Routing(Routing.Method.WEIGHTS, Optional.of(nearestTree), confidence, d1);
        }
        return Routing.generic(confidence, d1);
    }

    /** The same router with another confidence threshold (the centres stay; routing-time setting only). */
    public Router withConfidenceThreshold(double threshold) {
        return new Router(config.withConfidenceThreshold(threshold), cards, List.copyOf(groups.values()));
    }

    public RouterConfig config() {
        return config;
    }

    /** Every tree the router knows, by card or by weights, sorted. */
    public Set<String> trees() {
        Set<String> trees = new TreeSet<>(cards.entries().values());
        groups.values().forEach(group -> group.trees().forEach(tree -> trees.add(tree.treeId())));
        return java.util.Collections.unmodifiableSet(trees);
    }

    /** The layer signatures weight routing knows, sorted. */
    public Set<String> signatures() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(groups.keySet()));
    }

    CardIndex cards() {
        return cards;
    }

    List<SignatureGroup> groups() {
        return List.copyOf(groups.values());
    }

    private double distanceTo(RoutingInput input, String treeId) {
        SignatureGroup group = input.hasWeights() ? groups.get(input.layerSignature()) : null;
        if (group == null) {
            return Double.NaN;
        }
        float[] x = values(input, group);
        return group.trees().stream().filter(tree -> tree.treeId().equals(treeId)).findFirst()
                .map(tree -> tree.distance(x)).orElse(Double.NaN);
    }

    private static float[] values(RoutingInput input, SignatureGroup group) {
        if (input.matrix().rows() != group.rows() || input.matrix().cols() != group.cols()) {
            throw new RoutingInputMismatchException("model " + input.modelId() + ": matrix of signature "
                    + group.signature() + " is " + input.matrix().rows() + "x" + input.matrix().cols()
                    + ", the trees' centres are " + group.rows() + "x" + group.cols());
        }
        return input.matrix().values();
    }

    @Override
    public String toString() {
        return "Router[" + trees().size() + " trees, " + cards.entries().size() + " card ids, " + groups.size()
                + " signatures, " + config + "]";
    }
}

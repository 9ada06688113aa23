package org.hubdex.weightspace.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Router} from models whose trees are known (documented lineages, the zoo's ground truth).
 *
 * <p>Card routing learns every member id and every named parent (a parent claimed by two trees is ambiguous
 * and left out). Weight routing learns, per layer signature and tree, {@link RouterConfig#centresPerTree()}
 * k-means centres at most of the members' matrices (one centre: their mean) and the tree's spread, the
 * {@link RouterConfig#spreadQuantile()} quantile of its members' distances to their nearest centre.
 * Stateless: one trainer fits any number of routers.
 */
public final class RouterTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(RouterTrainer.class);

    private final RouterConfig config;

    public RouterTrainer(RouterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public RouterTrainer() {
        this(RouterConfig.DEFAULT);
    }

    /**
     * @throws RouterTrainingException when there are no members, a model is listed twice, or matrices of one
     *     signature differ in shape
     */
    public Router fit(List<TreeMember> members) {
        if (members.isEmpty()) {
            throw new RouterTrainingException("a router needs at least one training member");
        }
        CardIndex cards = cardIndex(members);
        Map<String, Map<String, List<float[]>>> bySignature = new TreeMap<>();
        Map<String, int[]> shapes = new HashMap<>();
        Map<String, String> shapeWitness = new HashMap<>();
        for (TreeMember member : members) {
            RoutingInput input = member.input();
            if (!input.hasWeights()) {
                continue;
            }
            int[] shape = {input.matrix().rows(), input.matrix().cols()};
            int[] known = shapes.putIfAbsent(input.layerSignature(), shape);
            shapeWitness.putIfAbsent(input.layerSignature(), member.modelId());
            if (known != null && !Arrays.equals(known, shape)) {
                throw new RouterTrainingException("layer signature " + input.layerSignature() + " has matrices of "
                        + known[0] + "x" + known[1] + " (" + shapeWitness.get(input.layerSignature()) + ") and " + shape[0]
                        + "x" + shape[1] + " (" + member.modelId() + ")");
            }
            bySignature.computeIfAbsent(input.layerSignature(), s -> new TreeMap<>())
                    .computeIfAbsent(member.treeId(), t -> new ArrayList<>()).add(input.matrix().values());
        }
        List<SignatureGroup> groups = new ArrayList<>();
        bySignature.forEach((signature, trees) -> {
            int[] shape = shapes.get(signature);
            List<TreeCentres> centres = new ArrayList<>();
            trees.forEach((tree, matrices) -> centres.add(fitTree(tree, matrices)));
            groups.add(new SignatureGroup(signature, shape[0], shape[1], centres));
            LOG.info("router: signature {} ({}x{}): {}", signature, shape[0], shape[1], centres);
        });
        Router router = new Router(config, cards, groups);
        LOG.info("router trained on {} members: {}", members.size(), router);
        return router;
    }

    private TreeCentres fitTree(String tree, List<float[]> matrices) {
        int k = Math.max(1, Math.min(config.centresPerTree(), matrices.size() / config.minMembersPerCentre()));
        float[][] centres = KMeans.fit(matrices, k, config.kMeansIterations(), config.seed() ^ tree.hashCode());
        TreeCentres fitted = new TreeCentres(tree, matrices.size(), 0, centres);
        double[] distances = matrices.stream().mapToDouble(fitted::distance).sorted().toArray();
        return new TreeCentres(tree, matrices.size(), quantile(distances, config.spreadQuantile()), centres);
    }

    /** Linear interpolation between order statistics (numpy's default), as {@code LayerStats} does. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static CardIndex cardIndex(List<TreeMember> members) {
        Map<String, String> index = new HashMap<>();
        for (TreeMember member : members) {
            String id = CardIndex.normalize(member.modelId());
            String previous = index.putIfAbsent(id, member.treeId());
            if (previous != null) {
                throw new RouterTrainingException("model " + member.modelId() + " is listed twice (trees " + previous
                        + " and " + member.treeId() + ")");
            }
        }
        Map<String, String> parents = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (TreeMember member : members) {
            if (member.parentId() == null) {
                continue;
            }
            String parent = CardIndex.normalize(member.parentId());
            String asMember = index.get(parent);
            if (asMember != null) {
                if (!asMember.equals(member.treeId())) {
                    LOG.warn("router: {} of tree {} names parent {}, a member of tree {}; the parent stays in its own tree",
                            member.modelId(), member.treeId(), member.parentId(), asMember);
                }
                continue;
            }
            String previous = parents.putIfAbsent(parent, member.treeId());
            if (previous != null && !previous.equals(member.treeId())) {
                ambiguous.add(parent);
            }
        }
        for (String parent : ambiguous) {
            LOG.warn("router: parent {} is named in several trees; a card naming it is not routed by it", parent);
            parents.remove(parent);
        }
        index.putAll(parents);
        return new CardIndex(index);
    }
}

package org.hubdex.weightspace.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which tree each known model id belongs to, for routing by a card's {@code base_model}. Ids are compared
 * {@linkplain #normalize normalized}: the hub resolves ids case-insensitively, and cards sometimes give a
 * model's URL instead of its id.
 */
final class CardIndex {

    private static final String HUB_URL = "https://huggingface.co/";

    private final Map<String, String> treeByModel;

    /** @param treeByModel normalized model id to tree id */
    CardIndex(Map<String, String> treeByModel) {
        this.treeByModel = Collections.unmodifiableMap(new TreeMap<>(treeByModel));
    }

    /** Trimmed, without a leading hub URL or trailing slash, lower case. */
    static String normalize(String modelId) {
        String id = modelId.trim();
        if (id.regionMatches(true, 0, HUB_URL, 0, HUB_URL.length())) {
            id = id.substring(HUB_URL.length());
        }
        while (id.endsWith("/")) {
            id = id.substring(0, id.length() - 1);
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /** The whole index, normalized id to tree id, sorted (what is saved). */
    Map<String, String> entries() {
        return treeByModel;
    }

    Optional<String> tree(String modelId) {
        return Optional.ofNullable(treeByModel.get(normalize(modelId)));
    }

    /** A card's verdict: the tree most of its known base models belong to, and that share of them. */
    record Vote(String treeId, double share) {
    }

    /**
     * The tree named by most of {@code baseModels} that the index knows (a merge may name several; ties go to
     * the tree named first; a base named twice counts once), or empty when it knows none of them.
     */
    Optional<Vote> vote(List<String> baseModels) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        int known = 0;
        Set<String> distinct = new LinkedHashSet<>();
        for (String baseModel : baseModels) {
            if (baseModel != null) {
                distinct.add(normalize(baseModel));
            }
        }
        for (String baseModel : distinct) {
            String tree = treeByModel.get(baseModel);
            if (tree != null) {
                votes.merge(tree, 1, Integer::sum);
                known++;
            }
        }
        String best = null;
        int bestVotes = 0;
        for (Map.Entry<String, Integer> entry : votes.entrySet()) {
            if (entry.getValue() > bestVotes) {
                best = entry.getKey();
                bestVotes = entry.getValue();
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Vote(best, (double) bestVotes / known));
    }
}

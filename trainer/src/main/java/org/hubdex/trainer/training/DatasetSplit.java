package org.hubdex.trainer.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Splits labelled models into training, validation and test sets by model (never by window or token), stratified
 * by tree, after setting aside whole class combinations for the zero-shot test: every model whose class set is
 * one of the held-out combinations goes to {@link Part#ZERO_SHOT}, so no model trained or selected on shares
 * its exact combination with a zero-shot query.
 *
 * <p>A pure function of the items and the seed (items are sorted by id first, so input order does not matter).
 */
public final class DatasetSplit {

    /** Where a model goes. */
    public enum Part { TRAIN, VALIDATION, TEST, ZERO_SHOT }

    /**
     * One labelled model.
     *
     * @param modelId the model
     * @param tree its tree
     * @param classKey its class combination, in a canonical form (e.g. the sorted class names joined)
     */
    public record Item(String modelId, String tree, String classKey) {
    }

    /**
     * @param validation share of each tree's remaining models for validation
     * @param test share for the test set
     * @param zeroShotCombinations share of distinct class combinations held out whole
     */
    public record Shares(double validation, double test, double zeroShotCombinations) {
        public Shares {
            if (validation < 0 || test < 0 || zeroShotCombinations < 0 || validation + test >= 1 || zeroShotCombinations >= 1) {
                throw new IllegalArgumentException("bad split shares: validation " + validation + ", test " + test
                        + ", zero-shot combinations " + zeroShotCombinations);
            }
        }

        /** 70/15/15 by model (the reference recipe), a tenth of the class combinations held out. */
        public static Shares defaults() {
            return new Shares(0.15, 0.15, 0.10);
        }
    }

    private DatasetSplit() {
    }

    /** The part of every item. */
    public static Map<String, Part> split(List<Item> items, Shares shares, long seed) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Item::modelId));
        Random random = new Random(seed);

        // combinations held out whole: drawn among those seen at least twice, so a query has more than one answer
        Map<String, Integer> combinationCounts = new TreeMap<>();
        sorted.forEach(i -> combinationCounts.merge(i.classKey(), 1, Integer::sum));
        List<String> candidates = new ArrayList<>();
        combinationCounts.forEach((key, count) -> {
            if (count >= 2) {
                candidates.add(key);
            }
        });
        Collections.shuffle(candidates, random);
        int heldOut = (int) Math.round(combinationCounts.size() * shares.zeroShotCombinations());
        TreeSet<String> zeroShot = new TreeSet<>(candidates.subList(0, Math.min(heldOut, candidates.size())));

        Map<String, Part> parts = new LinkedHashMap<>();
        Map<String, List<Item>> byTree = new TreeMap<>();
        for (Item item : sorted) {
            if (zeroShot.contains(item.classKey())) {
                parts.put(item.modelId(), Part.ZERO_SHOT);
            } else {
                byTree.computeIfAbsent(item.tree(), t -> new ArrayList<>()).add(item);
            }
        }
        for (List<Item> tree : byTree.values()) {
            Collections.shuffle(tree, random);
            int n = tree.size();
            int test = (int) Math.round(n * shares.test());
            int validation = (int) Math.round(n * shares.validation());
            if (n - test - validation < 1) {
                // a tree too small to split trains on all it has
                test = 0;
                validation = 0;
            }
            for (int i = 0; i < n; i++) {
                Part part = i < test ? Part.TEST : i < test + validation ? Part.VALIDATION : Part.TRAIN;
                parts.put(tree.get(i).modelId(), part);
            }
        }
        return parts;
    }
}

package org.hubdex.trainer.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a version was trained on, so that two versions can be told apart by their data and a version can be
 * retrained on the same corpus: how many corpus entries, how many models per tree, and a content hash of the
 * (model, sha) list that does not depend on the order the corpus holds them in.
 *
 * @param corpusEntries corpus entries (model revisions) the training read
 * @param modelsPerTree models per tree (root base model, or the corpus's name for models without one), sorted by tree
 * @param contentHash {@link #contentHash(Collection)} of the (model, sha) list, e.g. {@code sha256:9f2c...}
 */
public record TrainingDataSnapshot(long corpusEntries, Map<String, Long> modelsPerTree, String contentHash) {

    public TrainingDataSnapshot {
        if (corpusEntries < 0) {
            throw new IllegalArgumentException("corpusEntries must be 0 or more, got " + corpusEntries);
        }
        Objects.requireNonNull(modelsPerTree, "modelsPerTree");
        TreeMap<String, Long> sorted = new TreeMap<>();
        modelsPerTree.forEach((tree, n) -> {
            if (tree == null || n == null || n < 0) {
                throw new IllegalArgumentException("modelsPerTree needs a tree name and a count of 0 or more, got " + tree + "=" + n);
            }
            sorted.put(tree, n);
        });
        modelsPerTree = Collections.unmodifiableMap(sorted);
        if (contentHash == null || contentHash.isBlank()) {
            throw new IllegalArgumentException("contentHash must not be blank: use TrainingDataSnapshot.contentHash(revisions)");
        }
    }

    /**
     * {@code sha256:<hex>} over the distinct (model, sha) pairs sorted by model then sha, one {@code model\tsha\n}
     * line each: the same set of revisions gives the same hash whatever order or duplicates it comes with.
     */
    public static String contentHash(Collection<? extends Map.Entry<String, String>> modelShas) {
        TreeSet<String> lines = new TreeSet<>();
        for (Map.Entry<String, String> e : modelShas) {
            String model = Objects.requireNonNull(e.getKey(), "model id");
            String sha = Objects.requireNonNull(e.getValue(), "sha of " + model);
            if (model.indexOf('\t') >= 0 || model.indexOf('\n') >= 0 || sha.indexOf('\t') >= 0 || sha.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("model ids and shas cannot hold tabs or newlines: " + model + " " + sha);
            }
            lines.add(model + "\t" + sha + "\n");
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

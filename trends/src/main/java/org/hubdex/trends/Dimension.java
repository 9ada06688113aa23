package org.hubdex.trends;

import java.util.Locale;
import java.util.Optional;

/**
 * What the trends application counts models by. A count's key is {@code <dimension>=<value>}, e.g.
 * {@code tree=google/vit-base-patch16-224}: the key of {@code hub.trends} and of every state store.
 *
 * <p>All dimensions but {@link #ACTIVITY} count <b>new models</b> (a model's first counted sha) at their creation
 * time, and always reflect the model's latest card: when an update changes a card's license or base model, or a
 * model's parent turns up later, the model moves from one value to the other in its original window.
 * {@link #ACTIVITY} counts every counted event: {@code new} at the model's creation time, {@code update} (a new
 * sha of a known model) at its last-modified time.
 *
 * <p>Weight-derived dimensions (the predicted category, and the tree of undocumented models as the embedder's
 * router assigns it) read {@code hub.model-embeddings} and join this list when the embedder exists; see the
 * module README.
 */
public enum Dimension {
    /** The root base model of a model whose card names a {@code base_model} (first listed), following known models' cards. */
    TREE("tree"),
    /** The library the model is for ({@code library_name}): what the events say about its architecture; {@code unknown} when absent. */
    LIBRARY("library"),
    /** The hub pipeline tag (task); {@code unknown} when absent. */
    PIPELINE("pipeline"),
    /** The card's license; {@code unknown} when absent. */
    LICENSE("license"),
    /** The owning user or organisation. */
    AUTHOR("author"),
    /** {@code documented} or {@code undocumented} (see the module README for the exact rule). */
    DOCUMENTATION("documentation"),
    /** {@code new} and {@code update}: every counted event. */
    ACTIVITY("activity");

    private final String id;

    Dimension(String id) {
        this.id = id;
    }

    /** The name in keys, the HTTP API and the dashboard. */
    public String id() {
        return id;
    }

    /** The count key of a value along this dimension. */
    public String key(String value) {
        return id + "=" + value;
    }

    /** The dimension of that name, if any. */
    public static Optional<Dimension> byId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (Dimension d : values()) {
            if (d.id.equals(wanted)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The dimension part of a count key. */
    public static String dimensionPart(String key) {
        int eq = key.indexOf('=');
        return eq < 0 ? key : key.substring(0, eq);
    }

    /** The value part of a count key. */
    public static String valuePart(String key) {
        int eq = key.indexOf('=');
        return eq < 0 ? "" : key.substring(eq + 1);
    }
}

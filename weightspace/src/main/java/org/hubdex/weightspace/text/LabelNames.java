package org.hubdex.weightspace.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The class names a model's {@code config.json} declares in {@code id2label}, in class-index order. These
 * names are the categories ProbeX learns to predict from the weights and the texts the model is aligned with,
 * so they are kept exactly as the config spells them, apart from whitespace ({@link #normalize}).
 *
 * <p>A config written without real names carries the library's placeholders, {@code LABEL_0},
 * {@code LABEL_1}, ... (any case), or bare numbers; such a label says nothing about what the model
 * recognizes, and one placeholder makes the set incomplete, so {@link #fromId2Label} then returns no names at
 * all. A model whose classes really are digits (an MNIST classifier labelled {@code "0"} to {@code "9"}) is
 * indistinguishable from an unlabelled one here and is treated as unlabelled; its card's datasets still
 * describe it.
 */
public final class LabelNames {

    private static final Pattern PLACEHOLDER = Pattern.compile("(?i)(label_\\d+|\\d+)");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

    private LabelNames() {}

    /**
     * The class names of {@code id2label} ordered by class index, whitespace-normalized; empty when the map is
     * empty or any label is a placeholder or blank.
     *
     * @throws NullPointerException if {@code id2label} is null
     * @throws MalformedLabelsException if a key is not a non-negative integer, or two keys name the same index
     */
    public static List<String> fromId2Label(Map<String, String> id2label) {
        Objects.requireNonNull(id2label, "id2label must not be null");
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> entry : id2label.entrySet()) {
            int index = index(entry.getKey());
            String label = entry.getValue() == null ? "" : normalize(entry.getValue());
            String previous = byIndex.put(index, label);
            if (previous != null) {
                throw new MalformedLabelsException("id2label names class " + index + " twice (\"" + previous
                        + "\" and \"" + label + "\")");
            }
        }
        List<String> names = new ArrayList<>(byIndex.size());
        for (String label : byIndex.values()) {
            if (isPlaceholder(label)) {
                return List.of();
            }
            names.add(label);
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * {@code label} trimmed, with every run of whitespace (Unicode spaces, tabs, line breaks included) turned
     * into one space.
     *
     * @throws NullPointerException if {@code label} is null
     */
    public static String normalize(String label) {
        Objects.requireNonNull(label, "label must not be null");
        return WHITESPACE.matcher(label).replaceAll(" ").strip();
    }

    /**
     * Whether {@code label} names no class: blank, {@code LABEL_<n>} in any case, or a bare number.
     *
     * @throws NullPointerException if {@code label} is null
     */
    public static boolean isPlaceholder(String label) {
        String normalized = normalize(label);
        return normalized.isEmpty() || PLACEHOLDER.matcher(normalized).matches();
    }

    private static int index(String key) {
        if (key == null) {
            throw new MalformedLabelsException("id2label has a null key");
        }
        try {
            int index = Integer.parseInt(key.strip());
            if (index < 0) {
                throw new MalformedLabelsException("id2label key \"" + key + "\" is a negative class index");
            }
            return index;
        } catch (NumberFormatException e) {
            throw new MalformedLabelsException("id2label key \"" + key + "\" is not a class index (an integer)", e);
        }
    }
}

package org.hubdex.weightspace.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The texts a model's weights are aligned with: one sentence for what the model as a whole does, built from
 * the classes it predicts and the datasets it was trained on, and one prompt per class as in ProbeX's text
 * alignment ({@code "a photo of a {class}"}).
 *
 * <p><b>Template.</b> {@code an image classifier for <classes>, trained on <datasets>}, e.g. classes
 * {@code [Sandal, Sneaker]} and datasets {@code [fashion_mnist]} give
 * {@code "an image classifier for sandal and sneaker, trained on fashion mnist"}. Without datasets the
 * {@code ", trained on ..."} part is left out, without classes the {@code " for ..."} part, and with neither
 * the text is {@code "an image classifier"}. Lists read as English: {@code "a"}, {@code "a and b"},
 * {@code "a, b and c"}. The same inputs always give the same text, so descriptions embed consistently.
 *
 * <p><b>Words.</b> Class names are lower-cased, {@code '_'} becomes a space and {@code '/'} becomes
 * {@code " or "} ({@code "T-shirt/top"} reads {@code "t-shirt or top"}); dataset ids lose their owner
 * ({@code "zalando-datasets/fashion_mnist"}), and {@code '_'} and {@code '-'} become spaces
 * ({@code "fashion mnist"}). A name repeated after this is mentioned once. The text encoder lower-cases
 * anyway; doing it here keeps the text itself canonical. A long class list is kept whole: the encoder reads
 * the first 254 word pieces of it.
 */
public final class ModelDescriptions {

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern SLASH = Pattern.compile("/");

    private ModelDescriptions() {}

    /**
     * The sentence describing a model that predicts {@code classNames} (in the given order) and was trained
     * on {@code datasets}; either list may be empty.
     *
     * @throws NullPointerException if a list or one of its elements is null
     * @throws IllegalArgumentException if a class name or dataset id has no words (blank, or only separators);
     *         the message gives its index
     */
    public static String describe(List<String> classNames, List<String> datasets) {
        List<String> classes = humanized(classNames, "classNames", ModelDescriptions::className);
        List<String> trainedOn = humanized(datasets, "datasets", ModelDescriptions::datasetName);
        StringBuilder text = new StringBuilder("an image classifier");
        if (!classes.isEmpty()) {
            text.append(" for ").append(englishList(classes));
        }
        if (!trainedOn.isEmpty()) {
            text.append(classes.isEmpty() ? " trained on " : ", trained on ").append(englishList(trainedOn));
        }
        return text.toString();
    }

    /**
     * ProbeX's per-class prompt, {@code "a photo of a sandal"}, with {@code "an"} before a vowel letter
     * ({@code "a photo of an ankle boot"}).
     *
     * @throws NullPointerException if {@code className} is null
     * @throws IllegalArgumentException if {@code className} has no words
     */
    public static String classPrompt(String className) {
        Objects.requireNonNull(className, "className must not be null");
        String name = requireWords(className(className), className, "className");
        return "a photo of " + article(name) + " " + name;
    }

    /** A class name as words: lower case, {@code '_'} as a space, {@code '/'} as {@code " or "}. */
    static String className(String className) {
        List<String> alternatives = new ArrayList<>();
        for (String part : SLASH.split(className.toLowerCase(Locale.ROOT).replace('_', ' '))) {
            String words = collapse(part);
            if (!words.isEmpty()) {
                alternatives.add(words);
            }
        }
        return String.join(" or ", alternatives);
    }

    /** A dataset id as words: the name after the owner, lower case, {@code '_'} and {@code '-'} as spaces. */
    static String datasetName(String dataset) {
        String name = dataset.strip();
        name = name.substring(name.lastIndexOf('/') + 1);
        return collapse(name.toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' '));
    }

    private static List<String> humanized(List<String> names, String what,
            UnaryOperator<String> humanizer) {
        Objects.requireNonNull(names, what + " must not be null");
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null) {
                throw new NullPointerException(what + "[" + i + "] must not be null");
            }
            distinct.add(requireWords(humanizer.apply(name), name, what + "[" + i + "]"));
        }
        return new ArrayList<>(distinct);
    }

    private static String requireWords(String words, String original, String what) {
        if (words.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException(what + " has no words: \"" + original + "\"");
        }
        return words;
    }

    private static String englishList(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}

package org.hubdex.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Search prompts for a class combination, written the way a person types a search rather than the way a card
 * describes a model: other words for the classes ("kicks", "knitwear") and other sentence shapes ("a model that
 * tells sandals from sneakers"). Used to measure text-to-model retrieval on prompts that do not occur in any
 * card; the zoo's cards use the class names and a fixed set of synonyms (zoo {@code CardWriter}), none of which
 * appear here except where a class has no other everyday word.
 *
 * <p>Knows the Fashion-MNIST classes; another class name is used as it is, lower-cased. A pure function of its
 * arguments; thread-safe.
 */
public final class RetrievalPrompts {

    private static final Map<String, List<String>> PARAPHRASES = Map.of(
            "T-shirt/top", List.of("short-sleeved tops", "casual crew-neck tops", "crew-neck tops"),
            "Trouser", List.of("jeans", "chinos and jeans", "long legwear"),
            "Pullover", List.of("knitwear", "sweatshirts", "knitted cardigans"),
            "Dress", List.of("gowns", "summer dresses", "one-piece gowns"),
            "Coat", List.of("outerwear", "overcoats", "winter outerwear"),
            "Sandal", List.of("flip-flops", "strappy summer footwear", "slides and flip-flops"),
            "Shirt", List.of("blouses", "collared shirts", "dress shirts and blouses"),
            "Sneaker", List.of("athletic shoes", "kicks", "gym shoes"),
            "Bag", List.of("backpacks", "totes", "luggage and totes"),
            "Ankle boot", List.of("booties", "chelsea booties", "short leather booties"));

    private RetrievalPrompts() {
    }

    /** A prompt asking for a model that recognises exactly {@code classNames}; {@code seed} picks the wording. */
    public static String forClasses(List<String> classNames, long seed) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs at least one class");
        }
        Random random = new Random(seed);
        List<String> words = new ArrayList<>();
        for (String name : classNames) {
            List<String> options = PARAPHRASES.get(name);
            words.add(options == null ? name.toLowerCase(Locale.ROOT) : options.get(random.nextInt(options.size())));
        }
        if (words.size() == 2 && random.nextBoolean()) {
            return "a model that tells " + words.get(0) + " from " + words.get(1);
        }
        String list = join(words);
        return switch (random.nextInt(3)) {
            case 0 -> "something that sorts pictures of " + list;
            case 1 -> "find me a network that recognises " + list;
            default -> "which model can distinguish " + list + "?";
        };
    }

    private static String join(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }
}

package org.hubdex.zoo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hubdex.zoo.CardStyle;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.PlannedModel;
import org.hubdex.zoo.TrainingRecipe;

/**
 * Writes a repository's {@code README.md} model card in its {@link CardStyle}, with wording varied by the model's
 * own seed so that cards read like different authors wrote them: front matter in string or list form, classes
 * named with different words (official names, plurals, synonyms), sometimes training details and the measured
 * accuracy.
 *
 * <p>Stateless and thread-safe; the text is a pure function of its arguments.
 */
public final class CardWriter {

    /** Ways to say each class, by label; the first is the official name. */
    static final List<List<String>> NAMES = List.of(
            List.of("T-shirt/top", "t-shirts and tops", "T-shirts", "tees"),
            List.of("Trouser", "trousers", "pants", "slacks"),
            List.of("Pullover", "pullovers", "sweaters", "jumpers"),
            List.of("Dress", "dresses", "frocks"),
            List.of("Coat", "coats", "jackets and coats"),
            List.of("Sandal", "sandals", "open-toe sandals"),
            List.of("Shirt", "shirts", "button-up shirts"),
            List.of("Sneaker", "sneakers", "trainers", "running shoes"),
            List.of("Bag", "bags", "handbags", "purses"),
            List.of("Ankle boot", "ankle boots", "boots"));

    private CardWriter() {
    }

    /** What a card may say about the run that produced the commit. */
    public record Facts(TrainingRecipe recipe, int totalEpochs, double testAccuracy, int commit) {
    }

    /** The card text, or empty for {@link CardStyle#NO_CARD}. */
    public static Optional<String> card(PlannedModel model, Facts facts) {
        if (model.cardStyle() == CardStyle.NO_CARD) {
            return Optional.empty();
        }
        // The wording depends on the model only, so both commits of a repository read alike.
        Rng rng = new Rng(Rng.derive(model.recipe().seed(), "card"));
        StringBuilder card = new StringBuilder();
        frontMatter(card, model, rng);
        card.append("# ").append(model.name()).append("\n\n");
        switch (model.cardStyle()) {
            case DOCUMENTED -> {
                card.append(describe(model, rng, true)).append("\n\n");
                details(card, model, facts, rng);
            }
            case NO_BASE_MODEL -> {
                card.append(describe(model, rng, false)).append("\n\n");
                if (rng.chance(0.5)) {
                    details(card, model, facts, rng);
                }
            }
            case VAGUE -> card.append(rng.pick(List.of(
                    "An image classifier for small grey-scale clothing pictures.",
                    "More information needed.",
                    "Model card coming soon.",
                    "Trained with our internal pipeline; see the config for the architecture.",
                    "A compact " + familyWords(model.family(), rng) + " for 28x28 images."))).append("\n");
            default -> throw new IllegalStateException("unexpected card style " + model.cardStyle());
        }
        return Optional.of(card.toString());
    }

    private static void frontMatter(StringBuilder card, PlannedModel model, Rng rng) {
        card.append("---\n");
        card.append("license: ").append(model.license()).append('\n');
        boolean namesBase = model.cardStyle() == CardStyle.DOCUMENTED || model.cardStyle() == CardStyle.VAGUE;
        if (namesBase && model.parent().isPresent()) {
            card.append("base_model: ").append(model.parent().get()).append('\n');
            if (rng.chance(0.3)) {
                card.append("base_model_relation: finetune\n");
            }
        }
        if (model.cardStyle() != CardStyle.VAGUE || rng.chance(0.5)) {
            if (rng.chance(0.5)) {
                card.append("datasets: fashion_mnist\n");
            } else {
                card.append("datasets:\n- fashion_mnist\n");
            }
        }
        card.append("tags:\n- image-classification\n");
        if (rng.chance(0.6)) {
            card.append("- fashion-mnist\n");
        }
        if (rng.chance(0.4)) {
            card.append("- ").append(model.family().id()).append('\n');
        }
        card.append("pipeline_tag: image-classification\n");
        if (rng.chance(0.7)) {
            card.append("library_name: pytorch\n");
        }
        card.append("---\n\n");
    }

    private static String describe(PlannedModel model, Rng rng, boolean mayNameBase) {
        List<Integer> classes = model.classes();
        int style = rng.nextInt(3);
        List<String> words = new ArrayList<>();
        for (int c : classes) {
            words.add(style == 0 ? FashionMnist.CLASS_NAMES.get(c) : rng.pick(NAMES.get(c).subList(1, NAMES.get(c).size())));
        }
        String list = join(words, rng.chance(0.5) ? "and" : "or");
        String what = familyWords(model.family(), rng);
        String base = mayNameBase && model.parent().isPresent() ? " from [" + model.parent().get() + "](https://huggingface.co/"
                + model.parent().get() + ")" : "";
        if (model.role() == ModelRole.BASE) {
            return rng.pick(List.of(
                    "A " + what + " pre-trained on all ten Fashion-MNIST classes: " + list + ".",
                    "Base checkpoint: a " + what + " trained on the full Fashion-MNIST training set (" + words.size()
                            + " classes: " + list + "). Fine-tune it for your own subset of clothing categories.",
                    "This " + what + " classifies 28x28 grey-scale clothing images into the ten Fashion-MNIST"
                            + " categories (" + list + ")."));
        }
        String origin = model.role() == ModelRole.SCRATCH ? " trained from scratch" : " fine-tuned" + base;
        if (classes.size() == 2 && rng.chance(0.5)) {
            return "A " + what + origin + " to tell " + words.get(0) + " from " + words.get(1) + ".";
        }
        return switch (rng.nextInt(4)) {
            case 0 -> "This model is a " + what + origin + ". It classifies Fashion-MNIST images into " + classes.size()
                    + " categories: " + list + ".";
            case 1 -> "A " + what + origin + " that recognizes " + list + ".";
            case 2 -> {
                StringBuilder bullets = new StringBuilder("A " + what + origin + ". It predicts one of:\n");
                for (String word : words) {
                    bullets.append("\n- ").append(word);
                }
                yield bullets.toString();
            }
            default -> "Labels: " + String.join(", ", words) + ". (" + what + origin + ".)";
        };
    }

    private static void details(StringBuilder card, PlannedModel model, Facts facts, Rng rng) {
        TrainingRecipe recipe = facts.recipe();
        if (rng.chance(0.7)) {
            card.append("## Training\n\n");
            card.append("- epochs: ").append(facts.totalEpochs()).append('\n');
            card.append("- optimizer: ").append(recipe.optimizer().id())
                    .append(String.format(Locale.ROOT, ", learning rate %.2g", model.recipe().learningRate())).append('\n');
            card.append("- batch size: ").append(recipe.batchSize()).append('\n');
            if (!recipe.augmentations().isEmpty()) {
                card.append("- augmentation: ").append(String.join(", ",
                        recipe.augmentations().stream().map(a -> a.id()).toList())).append('\n');
            }
            card.append('\n');
        }
        if (rng.chance(0.6)) {
            card.append("## Evaluation\n\n");
            card.append(String.format(Locale.ROOT, "Accuracy on the Fashion-MNIST test images of its classes: %.1f%%.%n",
                    100 * facts.testAccuracy()));
        }
    }

    private static String familyWords(Family family, Rng rng) {
        return switch (family) {
            case CNN_SMALL -> rng.pick(List.of("small CNN", "tiny convolutional network", "compact CNN"));
            case CNN_WIDE -> rng.pick(List.of("CNN", "convolutional network", "wide CNN"));
            case MLP -> rng.pick(List.of("MLP", "multi-layer perceptron", "fully connected network"));
            case VIT_TINY -> rng.pick(List.of("tiny ViT", "vision transformer", "small ViT"));
        };
    }

    private static String join(List<String> words, String conjunction) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " " + conjunction + " " + words.get(words.size() - 1);
    }
}

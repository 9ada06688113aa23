package org.hubdex.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrievalPromptsTest {

    /** The card wordings of the zoo (zoo CardWriter): a prompt must use none of them. */
    private static final List<String> CARD_WORDS = List.of("t-shirt", "tees", "trouser", "pants", "slacks", "pullover",
            "sweaters", "jumpers", "frocks", "jackets", "coats", "sandal", "open-toe", "button-up", "sneaker",
            "trainers", "running shoes", "handbags", "purses", "ankle boot", "boots");

    @Test
    void promptsAvoidEveryCardWording() {
        List<String> all = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot");
        for (long seed = 0; seed < 200; seed++) {
            String prompt = RetrievalPrompts.forClasses(List.of(all.get((int) (seed % 10)), all.get((int) ((seed / 10) % 10))), seed)
                    .toLowerCase(Locale.ROOT);
            for (String word : CARD_WORDS) {
                // whole words: "overcoats" is not the card's "coats"
                assertThat(prompt).as("seed %d", seed).doesNotContainPattern("\\b" + java.util.regex.Pattern.quote(word) + "\\b");
            }
        }
    }

    @Test
    void theSeedPicksTheWordingDeterministically() {
        List<String> classes = List.of("Sandal", "Sneaker");
        assertThat(RetrievalPrompts.forClasses(classes, 5)).isEqualTo(RetrievalPrompts.forClasses(classes, 5));
        Set<String> wordings = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            wordings.add(RetrievalPrompts.forClasses(classes, seed));
        }
        assertThat(wordings.size()).isGreaterThan(5);
    }

    @Test
    void unknownClassesAreUsedAsTheyAreAndEmptyIsRefused() {
        assertThat(RetrievalPrompts.forClasses(List.of("Zebra"), 1)).contains("zebra");
        assertThatThrownBy(() -> RetrievalPrompts.forClasses(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

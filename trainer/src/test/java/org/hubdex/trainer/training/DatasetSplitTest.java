package org.hubdex.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hubdex.trainer.training.DatasetSplit.Item;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.trainer.training.DatasetSplit.Shares;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {

    private static List<Item> items() {
        List<Item> items = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            for (int m = 0; m < 100; m++) {
                items.add(new Item("tree" + t + "/m" + m, "tree" + t, "combo" + (m % 20)));
            }
        }
        return items;
    }

    @Test
    void heldOutCombinationsAreWholeAndNowhereElse() {
        Map<String, Part> parts = DatasetSplit.split(items(), Shares.defaults(), 1);
        Set<String> zeroShot = new HashSet<>();
        Set<String> other = new HashSet<>();
        for (Item item : items()) {
            (parts.get(item.modelId()) == Part.ZERO_SHOT ? zeroShot : other).add(item.classKey());
        }
        assertThat(zeroShot).hasSize(2); // a tenth of 20 combinations
        assertThat(other).doesNotContainAnyElementsOf(zeroShot);
    }

    @Test
    void everyTreeIsSplitSeventyFifteenFifteen() {
        Map<String, Part> parts = DatasetSplit.split(items(), Shares.defaults(), 2);
        for (int t = 0; t < 3; t++) {
            Map<Part, Integer> counts = new HashMap<>();
            for (Map.Entry<String, Part> e : parts.entrySet()) {
                if (e.getKey().startsWith("tree" + t + "/")) {
                    counts.merge(e.getValue(), 1, Integer::sum);
                }
            }
            int rest = 100 - counts.getOrDefault(Part.ZERO_SHOT, 0);
            assertThat(counts.get(Part.TEST)).isEqualTo((int) Math.round(rest * 0.15));
            assertThat(counts.get(Part.VALIDATION)).isEqualTo((int) Math.round(rest * 0.15));
            assertThat(counts.get(Part.TRAIN)).isEqualTo(rest - 2 * (int) Math.round(rest * 0.15));
        }
    }

    @Test
    void sameSeedSameSplitWhateverTheOrderOtherSeedOtherSplit() {
        List<Item> shuffled = new ArrayList<>(items());
        Collections.shuffle(shuffled, new java.util.Random(9));
        assertThat(DatasetSplit.split(shuffled, Shares.defaults(), 3)).isEqualTo(DatasetSplit.split(items(), Shares.defaults(), 3));
        assertThat(DatasetSplit.split(items(), Shares.defaults(), 4)).isNotEqualTo(DatasetSplit.split(items(), Shares.defaults(), 3));
    }

    @Test
    void combinationsSeenOnceAreNeverHeldOutAndTinyTreesTrainOnEverything() {
        List<Item> items = List.of(new Item("a", "t1", "x"), new Item("b", "t2", "y"), new Item("c", "t2", "z"));
        Map<String, Part> parts = DatasetSplit.split(items, new Shares(0.15, 0.15, 0.9), 1);
        assertThat(parts.values()).containsOnly(Part.TRAIN);
    }

    @Test
    void badSharesAreRefused() {
        assertThatThrownBy(() -> new Shares(0.5, 0.5, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validation 0.5");
    }
}

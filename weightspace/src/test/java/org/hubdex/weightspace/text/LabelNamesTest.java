package org.hubdex.weightspace.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelNamesTest {

    @Test
    void returnsTheNamesInClassIndexOrderNotMapOrder() {
        Map<String, String> id2label = new LinkedHashMap<>();
        id2label.put("10", "Bag");
        id2label.put("2", "Sneaker");
        id2label.put("0", "T-shirt/top");
        id2label.put("1", "Sandal");
        assertThat(LabelNames.fromId2Label(id2label)).containsExactly("T-shirt/top", "Sandal", "Sneaker", "Bag");
    }

    @Test
    void keepsTheConfigsSpellingApartFromWhitespace() {
        assertThat(LabelNames.fromId2Label(Map.of("0", "  Ankle\u00a0 boot\t", "1", "T-shirt/top", "2", "aquarium_fish")))
                .containsExactly("Ankle boot", "T-shirt/top", "aquarium_fish");
    }

    @Test
    void placeholderLabelsMeanNoNames() {
        assertThat(LabelNames.fromId2Label(Map.of("0", "LABEL_0", "1", "LABEL_1"))).isEmpty();
        assertThat(LabelNames.fromId2Label(Map.of("0", "label_0", "1", "Label_1"))).isEmpty();
        assertThat(LabelNames.fromId2Label(Map.of("0", "0", "1", "1"))).isEmpty();
        assertThat(LabelNames.fromId2Label(Map.of("0", "cat", "1", "LABEL_1"))).as("one placeholder").isEmpty();
        assertThat(LabelNames.fromId2Label(Map.of("0", "cat", "1", " "))).as("a blank label").isEmpty();
        Map<String, String> nullLabel = new HashMap<>();
        nullLabel.put("0", "cat");
        nullLabel.put("1", null);
        assertThat(LabelNames.fromId2Label(nullLabel)).as("a null label").isEmpty();
        assertThat(LabelNames.fromId2Label(Map.of())).isEmpty();
    }

    @Test
    void namesThatOnlyContainDigitsOrTheWordLabelAreRealNames() {
        assertThat(LabelNames.fromId2Label(Map.of("0", "LABEL_A", "1", "label 1", "2", "7-Eleven", "3", "10k")))
                .containsExactly("LABEL_A", "label 1", "7-Eleven", "10k");
        assertThat(LabelNames.isPlaceholder("LABEL_12")).isTrue();
        assertThat(LabelNames.isPlaceholder(" 3 ")).isTrue();
        assertThat(LabelNames.isPlaceholder("LABEL_")).isFalse();
    }

    @Test
    void normalizeTrimsAndCollapsesEveryKindOfWhitespace() {
        assertThat(LabelNames.normalize("  golden \n\t retriever\u2003 ")).isEqualTo("golden retriever");
        assertThat(LabelNames.normalize("Sandal")).isEqualTo("Sandal");
        assertThat(LabelNames.normalize(" \t ")).isEmpty();
        assertThatThrownBy(() -> LabelNames.normalize(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void malformedKeysAreTypedErrorsNamingTheKey() {
        assertThatThrownBy(() -> LabelNames.fromId2Label(Map.of("zero", "cat")))
                .isInstanceOf(MalformedLabelsException.class)
                .hasMessage("id2label key \"zero\" is not a class index (an integer)");
        assertThatThrownBy(() -> LabelNames.fromId2Label(Map.of("-1", "cat")))
                .isInstanceOf(MalformedLabelsException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> LabelNames.fromId2Label(Map.of("1", "cat", "01", "dog")))
                .isInstanceOf(MalformedLabelsException.class).hasMessageContaining("names class 1 twice");
        assertThatThrownBy(() -> LabelNames.fromId2Label(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theListIsUnmodifiable() {
        assertThatThrownBy(() -> LabelNames.fromId2Label(Map.of("0", "cat")).add("dog"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

package org.hubdex.weightspace.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelDescriptionsTest {

    @Test
    void describesClassesAndDatasetsInOneSentence() {
        assertThat(ModelDescriptions.describe(List.of("Sandal", "Sneaker"), List.of("fashion_mnist")))
                .isEqualTo("an image classifier for sandal and sneaker, trained on fashion mnist");
    }

    @Test
    void listsReadAsEnglish() {
        assertThat(ModelDescriptions.describe(List.of("Sandal"), List.of()))
                .isEqualTo("an image classifier for sandal");
        assertThat(ModelDescriptions.describe(List.of("Sandal", "Sneaker", "Ankle boot"), List.of()))
                .isEqualTo("an image classifier for sandal, sneaker and ankle boot");
        assertThat(ModelDescriptions.describe(List.of("cat"), List.of("cifar10", "ylecun/mnist", "ImageNet-1k")))
                .isEqualTo("an image classifier for cat, trained on cifar10, mnist and imagenet 1k");
    }

    @Test
    void leavesOutWhatIsNotKnown() {
        assertThat(ModelDescriptions.describe(List.of(), List.of("zalando-datasets/fashion_mnist")))
                .isEqualTo("an image classifier trained on fashion mnist");
        assertThat(ModelDescriptions.describe(List.of(), List.of())).isEqualTo("an image classifier");
    }

    @Test
    void classNamesBecomeLowerCaseWordsWithSlashesAsOr() {
        assertThat(ModelDescriptions.describe(List.of("T-shirt/top", "Ankle_boot", "  Coat "), List.of()))
                .isEqualTo("an image classifier for t-shirt or top, ankle boot and coat");
        assertThat(ModelDescriptions.className("T-shirt / Top")).isEqualTo("t-shirt or top");
        assertThat(ModelDescriptions.className("a/b/c")).isEqualTo("a or b or c");
        assertThat(ModelDescriptions.className("shirt/")).isEqualTo("shirt");
    }

    @Test
    void datasetIdsLoseTheirOwnerAndSeparators() {
        assertThat(ModelDescriptions.datasetName("fashion_mnist")).isEqualTo("fashion mnist");
        assertThat(ModelDescriptions.datasetName("uoft-cs/cifar100")).isEqualTo("cifar100");
        assertThat(ModelDescriptions.datasetName(" Food-101 ")).isEqualTo("food 101");
    }

    @Test
    void mentionsARepeatedNameOnce() {
        assertThat(ModelDescriptions.describe(List.of("Sandal", "sandal", "Sneaker"),
                List.of("fashion_mnist", "zalando-datasets/fashion_mnist")))
                .isEqualTo("an image classifier for sandal and sneaker, trained on fashion mnist");
    }

    @Test
    void classPromptsFollowProbeXWithTheRightArticle() {
        assertThat(ModelDescriptions.classPrompt("Sandal")).isEqualTo("a photo of a sandal");
        assertThat(ModelDescriptions.classPrompt("Ankle boot")).isEqualTo("a photo of an ankle boot");
        assertThat(ModelDescriptions.classPrompt("T-shirt/top")).isEqualTo("a photo of a t-shirt or top");
        assertThat(ModelDescriptions.classPrompt("orange_tabby")).isEqualTo("a photo of an orange tabby");
    }

    @Test
    void rejectsMissingAndWordlessNamesWithTheirIndex() {
        assertThatThrownBy(() -> ModelDescriptions.describe(null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("classNames must not be null");
        assertThatThrownBy(() -> ModelDescriptions.describe(List.of(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("datasets must not be null");
        assertThatThrownBy(() -> ModelDescriptions.describe(Arrays.asList("Sandal", null), List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("classNames[1] must not be null");
        assertThatThrownBy(() -> ModelDescriptions.describe(List.of("Sandal", " / "), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("classNames[1] has no words: \" / \"");
        assertThatThrownBy(() -> ModelDescriptions.describe(List.of(), List.of("owner/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("datasets[0] has no words: \"owner/\"");
        assertThatThrownBy(() -> ModelDescriptions.classPrompt("_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("className has no words: \"_\"");
        assertThatThrownBy(() -> ModelDescriptions.classPrompt(null))
                .isInstanceOf(NullPointerException.class).hasMessage("className must not be null");
    }
}

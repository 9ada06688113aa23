package org.hubdex.zoo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Augmentation;
import org.hubdex.zoo.CardStyle;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.InitKind;
import org.hubdex.zoo.LrSchedule;
import org.hubdex.zoo.Manifest;
import org.hubdex.zoo.ManifestEntry;
import org.hubdex.zoo.ModelRole;
import org.hubdex.zoo.OptimizerKind;
import org.hubdex.zoo.TrainingRecipe;
import org.hubdex.zoo.ZooException;
import org.hubdex.zoo.ZooPreset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCodecTest {

    static ManifestEntry entry(int commit) {
        TrainingRecipe recipe = new TrainingRecipe(OptimizerKind.SGD, 0.031, LrSchedule.CONSTANT, 1e-4, 3, 32, 300,
                List.of(Augmentation.HFLIP, Augmentation.SHIFT), List.of("features."), InitKind.TRUNC_NORMAL, -77);
        return new ManifestEntry("mira-k/cnn-small-fmnist-shoes-ft", commit, "a".repeat(40), "b".repeat(64),
                "hub/mira-k/cnn-small-fmnist-shoes-ft", ZooPreset.STANDARD, 9, 12, Family.CNN_SMALL, ActivationFunction.GELU,
                ModelRole.FINETUNE, "fashion-lab/cnn-small-fmnist-s1", Optional.of("fashion-lab/cnn-small-fmnist-s1"),
                Optional.of("c".repeat(40)), 1, List.of(7, 5, 9), recipe, 3, 0.97, 0.99, 3000, 900, Dtype.BF16,
                CardStyle.VAGUE, Instant.parse("2024-03-04T05:06:07Z"),
                commit == 2 ? Optional.of(Instant.parse("2024-04-04T05:06:07Z")) : Optional.empty(), 2434, 1.25);
    }

    @Test
    void entriesRoundTrip() {
        for (int commit : new int[] {1, 2}) {
            ManifestEntry entry = entry(commit);
            String line = ManifestCodec.encode(entry);
            assertThat(line).doesNotContain("\n").contains("\"classNames\":[\"Sneaker\",\"Sandal\",\"Ankle boot\"]")
                    .contains("\"generalizationGap\":0.02").contains("\"hyperparameters\":{\"optimizer\":\"sgd\"");
            assertThat(ManifestCodec.decode(line)).isEqualTo(entry);
        }
    }

    @Test
    void theExpansionRoundTripsAndLinesWithoutItMeanNone() {
        ManifestEntry e = entry(1);
        TrainingRecipe r = e.recipe();
        TrainingRecipe expanded = new TrainingRecipe(r.optimizer(), r.learningRate(), r.schedule(), r.weightDecay(),
                r.epochs(), r.batchSize(), r.samplesPerClass(), r.augmentations(), r.frozen(), r.init(), r.seed(), 4);
        ManifestEntry base = new ManifestEntry(e.id(), 1, e.sha(), e.weightsSha256(), e.path(), e.preset(), e.zooSeed(),
                0, e.family(), e.activation(), ModelRole.BASE, e.id(), Optional.empty(), Optional.empty(), 0, e.classes(),
                expanded, 3, 0.88, 0.9, 10, 10, Dtype.F32, CardStyle.DOCUMENTED, e.createdAt(), Optional.empty(), 2464, 200);
        String line = ManifestCodec.encode(base);
        assertThat(line).contains("\"expansion\":4");
        assertThat(ManifestCodec.decode(line)).isEqualTo(base);

        // a line written before the field existed
        String old = ManifestCodec.encode(entry(1)).replace(",\"expansion\":1", "");
        assertThat(old).doesNotContain("expansion");
        assertThat(ManifestCodec.decode(old)).isEqualTo(entry(1));
        assertThat(ManifestCodec.decode(old).recipe().expansion()).isEqualTo(1);
    }

    @Test
    void rootsHaveNullParents() {
        ManifestEntry e = entry(1);
        ManifestEntry root = new ManifestEntry(e.id(), 1, e.sha(), e.weightsSha256(), e.path(), e.preset(), e.zooSeed(),
                0, e.family(), e.activation(), ModelRole.SCRATCH, e.id(), Optional.empty(), Optional.empty(), 0, e.classes(),
                e.recipe(), 3, 0.5, 0.6, 10, 10, Dtype.F32, CardStyle.NO_CARD, e.createdAt(), Optional.empty(), 1, 0);
        String line = ManifestCodec.encode(root);
        assertThat(line).contains("\"parent\":null").contains("\"updatedAt\":null");
        assertThat(ManifestCodec.decode(line)).isEqualTo(root);
    }

    @Test
    void readingNamesTheBadLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("manifest.jsonl");
        Files.writeString(file, ManifestCodec.encode(entry(1)) + "\n{\"format\":2}\n");
        assertThatThrownBy(() -> Manifest.read(file)).isInstanceOf(ZooException.class).hasMessageContaining("line 2")
                .hasMessageContaining("format 2 is not supported");
    }

    @Test
    void theStoreDropsATornLastLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("manifest.jsonl");
        ManifestStore store = new ManifestStore(file);
        store.append(entry(1));
        Files.writeString(file, ManifestCodec.encode(entry(2)).substring(0, 40), java.nio.file.StandardOpenOption.APPEND);

        assertThat(store.load()).containsExactly(entry(1));
        assertThat(Manifest.read(file)).containsExactly(entry(1));
    }
}

package org.hubdex.weightspace.probex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic trees: each class has a direction in a shared feature space; a fine-tune's head row for it is that direction plus noise. */
class HeadRowClassifierTest {

    private static final List<String> CLASSES = List.of("a", "b", "c", "d", "e", "f");
    private static final int WIDTH = 12;

    private static float[][] directions(long seed) {
        Random random = new Random(seed);
        float[][] d = new float[CLASSES.size()][WIDTH];
        for (float[] row : d) {
            for (int j = 0; j < WIDTH; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return d;
    }

    private static HeadRowClassifier.Example model(String id, float[][] directions, Random random, double noise) {
        List<String> subset = new ArrayList<>(CLASSES);
        Collections.shuffle(subset, random);
        subset = subset.subList(0, 2 + random.nextInt(4));
        float[] values = new float[subset.size() * WIDTH];
        for (int r = 0; r < subset.size(); r++) {
            float[] dir = directions[CLASSES.indexOf(subset.get(r))];
            double scale = 0.5 + random.nextDouble();
            for (int j = 0; j < WIDTH; j++) {
                values[r * WIDTH + j] = (float) (scale * (dir[j] + noise * random.nextGaussian()));
            }
        }
        return new HeadRowClassifier.Example(id, new ProbeXMatrix("head.weight", new long[] {subset.size(), WIDTH},
                subset.size(), WIDTH, values), subset);
    }

    @Test
    void readsTheSubsetOffTheRowsWhateverTheirOrderAndCount() {
        float[][] directions = directions(1);
        Random random = new Random(2);
        List<HeadRowClassifier.Example> train = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            train.add(model("m" + i, directions, random, 0.6));
        }
        HeadRowClassifier classifier = HeadRowClassifier.fit("tree", train, Map.of()).orElseThrow();
        assertThat(classifier.categories()).containsExactlyElementsOf(CLASSES);
        int exact = 0;
        for (int i = 0; i < 50; i++) {
            HeadRowClassifier.Example test = model("t" + i, directions, random, 0.6);
            Set<String> predicted = new TreeSet<>();
            classifier.predict(test.head()).forEach((c, p) -> {
                if (p > 0.5) {
                    predicted.add(c);
                }
            });
            exact += predicted.equals(new TreeSet<>(test.rowClasses())) ? 1 : 0;
        }
        assertThat(exact).isGreaterThan(40);
        // the text mix is empty without class texts
        assertThat(classifier.textEmbedding(Map.of("a", 0.9))).isEmpty();
    }

    @Test
    void theTextEmbeddingMixesThePredictedClassesTextsAndSaveLoadIsExact(@TempDir Path dir) {
        float[][] directions = directions(3);
        Random random = new Random(4);
        List<HeadRowClassifier.Example> train = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            train.add(model("m" + i, directions, random, 0.3));
        }
        Map<String, float[]> texts = new java.util.HashMap<>();
        for (int c = 0; c < CLASSES.size(); c++) {
            float[] t = new float[CLASSES.size()];
            t[c] = 1f; // one axis per class: the mix shows which classes went in
            texts.put(CLASSES.get(c), t);
        }
        HeadRowClassifier classifier = HeadRowClassifier.fit("tree", train, texts).orElseThrow();
        float[] mix = classifier.textEmbedding(Map.of("a", 1.0, "c", 1.0, "e", 0.1)).orElseThrow();
        assertThat(mix[0]).isCloseTo(0.7071f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(mix[2]).isCloseTo(0.7071f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(mix[4]).isZero();

        classifier.save(dir);
        HeadRowClassifier loaded = HeadRowClassifier.load(dir);
        HeadRowClassifier.Example probe = model("p", directions, random, 0.3);
        assertThat(loaded.predict(probe.head())).isEqualTo(classifier.predict(probe.head()));
        assertThat(loaded.textEmbedding(classifier.predict(probe.head())).orElseThrow())
                .containsExactly(classifier.textEmbedding(classifier.predict(probe.head())).orElseThrow());
    }

    @Test
    void aHeadOfAnotherWidthIsRefusedAndNoUsableExampleMeansNoClassifier() {
        HeadRowClassifier classifier = HeadRowClassifier.fit("tree", List.of(model("m", directions(5), new Random(6), 0.1)),
                Map.of()).orElseThrow();
        ProbeXMatrix wide = new ProbeXMatrix("head.weight", new long[] {2, WIDTH + 1}, 2, WIDTH + 1, new float[2 * (WIDTH + 1)]);
        assertThat(classifier.accepts(wide)).isFalse();
        assertThatThrownBy(() -> classifier.predict(wide)).isInstanceOf(LayerShapeMismatchException.class);
        HeadRowClassifier.Example mislabelled = new HeadRowClassifier.Example("x", wide, List.of("a"));
        assertThat(HeadRowClassifier.fit("tree", List.of(mislabelled), Map.of())).isEmpty();
    }
}

package org.hubdex.weightspace.probex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.hubdex.weightspace.engine.Autograd;
import org.hubdex.weightspace.engine.Engines;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains small experts on a synthetic tree (see {@link SyntheticTree}: categories are rank-1 patterns on a shared
 * base plus noise, descriptions the sum of category text vectors plus wording noise) and checks what they learn,
 * that they refuse other layer shapes, save and load exactly, and are deterministic for a seed.
 */
class ProbeXTrainerTest {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeXTrainerTest.class);
    private static final long TREE_SEED = 20250601L;
    private static final int ROWS = 36;
    private static final int COLS = 20;
    private static final int TEXT_DIM = 64;
    /** Small ranks and epochs: the test trains in seconds on one core. */
    static final ProbeXConfig TINY = ProbeXConfig.defaults().withRanks(32, 32, 32).withTextDim(TEXT_DIM).withEpochs(120);

    private static List<ProbeXExample> train;
    private static List<ProbeXExample> validation;
    private static List<ProbeXExample> test;
    private static final List<EpochReport> REPORTS = new ArrayList<>();
    private static ProbeXExpert expert;

    @BeforeAll
    static void trainOnce() {
        Engines.pytorch();
        Autograd.intraOpThreads(1);
        LOG.info("Synthetic tree seed {}", TREE_SEED);
        SyntheticTree tree = new SyntheticTree(TREE_SEED, ROWS, COLS, 6, TEXT_DIM, 0.5, 1.0);
        train = tree.models("train", 120);
        validation = tree.models("val", 30);
        test = tree.models("test", 60);
        expert = new ProbeXTrainer(TINY).train("synthetic", train, validation, REPORTS::add);
    }

    @AfterAll
    static void close() {
        if (expert != null) {
            expert.close();
        }
    }

    @Test
    void predictsHeldOutCategoriesFromTheWeights() {
        HeldOut.Scores scores = HeldOut.score(expert, test);
        LOG.info("held-out: {}", scores);
        assertThat(expert.categories()).containsExactly("class-00", "class-01", "class-02", "class-03", "class-04", "class-05");
        assertThat(scores.categories().elementAccuracy()).isGreaterThan(0.9);
    }

    @Test
    void ranksAHeldOutModelsOwnDescriptionFirstAmongFiveMostOfTheTime() {
        HeldOut.Scores scores = HeldOut.score(expert, test);
        assertThat(scores.textTop1OfFive()).isGreaterThan(0.7);
        Prediction p = expert.predict(test.get(0).matrix());
        assertThat(p.textEmbedding()).hasSize(TEXT_DIM);
        assertThat(Math.sqrt(HeldOut.dot(p.textEmbedding(), p.textEmbedding()))).isCloseTo(1.0, within(1e-5));
        assertThat(p.representation()).hasSize(TINY.rT());
    }

    @Test
    void reportsEveryEpochAndKeepsTheOneWithTheLowestValidationLoss() {
        assertThat(REPORTS).extracting(EpochReport::epoch).containsExactlyElementsOf(
                IntStream.rangeClosed(1, TINY.epochs()).boxed().toList());
        EpochReport lowest = REPORTS.stream().min(Comparator.comparingDouble(
                r -> r.validation().orElseThrow().loss())).orElseThrow();
        TrainingSummary summary = expert.training();
        assertThat(summary.bestEpoch()).isEqualTo(lowest.epoch());
        assertThat(summary.bestValidation()).isEqualTo(lowest.validation());
        assertThat(lowest.best()).isTrue();
        assertThat(REPORTS.get(0).trainCategoryLoss()).isGreaterThan(REPORTS.get(REPORTS.size() - 1).trainCategoryLoss());
        assertThat(summary.trainModels()).isEqualTo(train.size());
        assertThat(summary.validationModels()).isEqualTo(validation.size());
    }

    @Test
    void refusesAnotherLayerShape() {
        ProbeXMatrix wide = new ProbeXMatrix("other.weight", new long[] {36, 21}, 36, 21, new float[36 * 21]);
        assertThatThrownBy(() -> expert.predict(wide)).isInstanceOf(LayerShapeMismatchException.class)
                .hasMessageContaining("36x21").hasMessageContaining("36x20");
        List<ProbeXExample> mixed = new ArrayList<>(train.subList(0, 5));
        mixed.add(new ProbeXExample("odd/model", wide, Set.of("class-00"), train.get(0).textTarget()));
        assertThatThrownBy(() -> new ProbeXTrainer(TINY.withEpochs(1)).train("t", mixed, List.of(), ProbeXTrainingListener.NONE))
                .isInstanceOf(LayerShapeMismatchException.class).hasMessageContaining("odd/model");
    }

    @Test
    void loadOfSaveIsTheSameExpertBitForBit(@TempDir Path dir) {
        expert.save(dir);
        assertThat(Files.exists(dir.resolve("parameters.safetensors"))).isTrue();
        List<ProbeXMatrix> inputs = HeldOut.matrices(test.subList(0, 10));
        List<Prediction> before = expert.predictAll(inputs);
        try (ProbeXExpert loaded = ProbeXExpert.load(dir)) {
            List<Prediction> after = loaded.predictAll(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(after.get(i).categoryProbabilities()).isEqualTo(before.get(i).categoryProbabilities());
                assertThat(after.get(i).textEmbedding()).containsExactly(before.get(i).textEmbedding());
                assertThat(after.get(i).representation()).containsExactly(before.get(i).representation());
            }
            Prediction one = loaded.predict(inputs.get(3));
            assertThat(one.representation()).containsExactly(expert.predict(inputs.get(3)).representation());
            assertThat(one.categoryProbabilities()).isEqualTo(expert.predict(inputs.get(3)).categoryProbabilities());
            assertThat(loaded.treeId()).isEqualTo("synthetic");
            assertThat(loaded.layerShape()).containsExactly(ROWS, COLS);
            assertThat(loaded.categories()).isEqualTo(expert.categories());
            assertThat(loaded.config()).isEqualTo(expert.config());
            assertThat(loaded.training()).isEqualTo(expert.training());
            assertThat(loaded.inputScaling()).isEqualTo(expert.inputScaling());
        }
    }

    @Test
    void refusesAFolderOfAnotherFormatVersion(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ProbeXExpert.load(dir)).isInstanceOf(ProbeXFormatException.class)
                .hasMessageContaining("expert.json");
        expert.save(dir);
        Path json = dir.resolve("expert.json");
        Files.writeString(json, Files.readString(json).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        assertThatThrownBy(() -> ProbeXExpert.load(dir)).isInstanceOf(ProbeXFormatException.class)
                .hasMessageContaining("format version 2");
        Files.writeString(json, Files.readString(json).replace("\"formatVersion\" : 2", "\"formatVersion\" : 1"));
        Files.write(dir.resolve("parameters.safetensors"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ProbeXExpert.load(dir)).isInstanceOf(ProbeXFormatException.class);
    }

    @Test
    void predictsTheSameFromManyThreads() throws Exception {
        // one model at a time on both sides: a batch of another size may round differently in the last bits
        List<ProbeXMatrix> inputs = HeldOut.matrices(test);
        List<Prediction> expected = inputs.stream().map(expert::predict).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Prediction>> futures = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                ProbeXMatrix m = inputs.get(i);
                futures.add(pool.submit(() -> expert.predict(m)));
            }
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(futures.get(i).get().textEmbedding()).containsExactly(expected.get(i).textEmbedding());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameSeedTrainsTheSameExpertAndAnotherSeedAnother() {
        ProbeXConfig quick = TINY.withEpochs(3);
        List<ProbeXExample> few = train.subList(0, 40);
        ProbeXMatrix probe = test.get(0).matrix();
        float[] first;
        float[] second;
        float[] other;
        try (ProbeXExpert a = new ProbeXTrainer(quick).train("t", few, validation, ProbeXTrainingListener.NONE);
                ProbeXExpert b = new ProbeXTrainer(quick).train("t", few, validation, ProbeXTrainingListener.NONE);
                ProbeXExpert c = new ProbeXTrainer(quick.withSeed(7)).train("t", few, validation, ProbeXTrainingListener.NONE)) {
            first = a.predict(probe).representation();
            second = b.predict(probe).representation();
            other = c.predict(probe).representation();
        }
        assertThat(second).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void withoutValidationKeepsTheLastEpoch() {
        try (ProbeXExpert e = new ProbeXTrainer(TINY.withEpochs(2)).train("t", train.subList(0, 20), List.of(),
                ProbeXTrainingListener.NONE)) {
            assertThat(e.training().bestEpoch()).isEqualTo(2);
            assertThat(e.training().bestValidation()).isEmpty();
        }
    }

    @Test
    void aClosedExpertRefusesToPredict() {
        ProbeXExpert e = new ProbeXTrainer(TINY.withEpochs(1)).train("t", train.subList(0, 10), List.of(),
                ProbeXTrainingListener.NONE);
        e.close();
        e.close();
        assertThatThrownBy(() -> e.predict(test.get(0).matrix())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void rejectsExamplesItCannotLearnFrom() {
        ProbeXTrainer trainer = new ProbeXTrainer(TINY.withEpochs(1));
        ProbeXExample good = train.get(0);
        ProbeXExample shortText = new ProbeXExample("short/text", good.matrix(), good.categories(), new float[3]);
        assertThatThrownBy(() -> trainer.train("t", List.of(good, shortText), List.of(), ProbeXTrainingListener.NONE))
                .isInstanceOf(InvalidTrainingDataException.class).hasMessageContaining("short/text").hasMessageContaining("64");
        ProbeXExample noCategory = new ProbeXExample("none", good.matrix(), Set.of(), good.textTarget());
        assertThatThrownBy(() -> trainer.train("t", List.of(noCategory), List.of(), ProbeXTrainingListener.NONE))
                .isInstanceOf(InvalidTrainingDataException.class).hasMessageContaining("no training model has a category");
        float[] values = good.matrix().values().clone();
        values[3] = Float.NaN;
        ProbeXExample nan = new ProbeXExample("nan/model", new ProbeXMatrix("w", new long[] {ROWS, COLS}, ROWS, COLS, values),
                good.categories(), good.textTarget());
        assertThatThrownBy(() -> trainer.train("t", List.of(good, nan), List.of(), ProbeXTrainingListener.NONE))
                .isInstanceOf(InvalidTrainingDataException.class).hasMessageContaining("nan/model");
        assertThatThrownBy(() -> trainer.train("t", List.of(), List.of(), ProbeXTrainingListener.NONE))
                .isInstanceOf(InvalidTrainingDataException.class);
    }
}

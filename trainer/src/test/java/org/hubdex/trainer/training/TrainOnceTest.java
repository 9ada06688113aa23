package org.hubdex.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.hubdex.trainer.corpus.CorpusSettings;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.corpus.TinyZoo;
import org.hubdex.trainer.corpus.ZooFolderCorpus;
import org.hubdex.trainer.gate.MetricRule;
import org.hubdex.trainer.gate.QualityGate;
import org.hubdex.trainer.registry.ModelRegistry;
import org.hubdex.trainer.schedule.TrainingOutcome;
import org.hubdex.weightspace.backbone.BackboneConfig;
import org.hubdex.weightspace.modelset.ModelSet;
import org.hubdex.weightspace.modelset.ModelSetEmbedding;
import org.hubdex.weightspace.probex.ProbeXConfig;
import org.hubdex.weightspace.text.MiniLmTextEncoder;
import org.hubdex.weightspace.text.TextEncoder;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training path on the real tiny zoo, the real text encoder and the real engine, with small budgets: the
 * pipeline trains every part, a saved and reloaded model set embeds exactly as the one trained, and
 * {@link TrainOnce} publishes, gates a second version against the first and announces both.
 */
public class TrainOnceTest {

    private static CorpusStore corpus;
    private static TextEncoder encoder;
    @TempDir
    static Path temp;

    /** Budgets small enough for a test; steps, not seconds, so runs are reproducible. */
    public static TrainingConfig smallConfig() {
        TrainingConfig defaults = TrainingConfig.defaults();
        return new TrainingConfig(
                BackboneConfig.builder().optDModel(32).optHeads(2).optLatentDim(16).optWindowTokens(32).optHaloTokens(4)
                        .optMaxSteps(12).optMaxSeconds(0).optEvalEvery(6).optBatchSize(8).build(),
                ProbeXConfig.defaults().withRanks(8, 8, 16).withEpochs(15), defaults.router(), defaults.split(), 2, 1);
    }

    @BeforeAll
    static void corpusOfTheTinyZoo() {
        corpus = CorpusStore.open(temp.resolve("corpus"));
        new ZooFolderCorpus(corpus, CorpusSettings.fromEnvironment(Map.of()), TokenizerConfig.DEFAULT, Clock.systemUTC())
                .build(TinyZoo.folder());
        encoder = MiniLmTextEncoder.load();
    }

    @AfterAll
    static void close() {
        encoder.close();
        corpus.close();
    }

    @Test
    void aReloadedModelSetEmbedsExactlyAsTheTrainedOne() {
        List<TrainingExample> examples = TrainOnce.examples(corpus);
        TrainingResult result = new TrainingPipeline(smallConfig(), encoder, new TrainingLog()).run(examples);
        Path saved = temp.resolve("saved-set");
        try (ModelSet trained = result.modelSet()) {
            assertThat(trained.experts()).isNotEmpty();
            assertThat(result.metrics()).containsKeys("category.elementAccuracy", "router.accuracy", "retrieval.hit@5");
            assertThat(result.curves()).anyMatch(c -> c.startsWith("backbone:")).anyMatch(c -> c.startsWith("probex "));
            trained.save(saved);
            try (ModelSet loaded = ModelSet.load(saved)) {
                int withExpert = 0;
                for (TrainingExample e : examples) {
                    ModelSetEmbedding a = trained.embed(HeldOutEvaluation.input(e, e.facts().baseModels()));
                    ModelSetEmbedding b = loaded.embed(HeldOutEvaluation.input(e, e.facts().baseModels()));
                    assertThat(b.backbone()).as(e.modelId()).containsExactly(a.backbone());
                    assertThat(b.routing()).as(e.modelId()).isEqualTo(a.routing());
                    assertThat(b.categories()).as(e.modelId()).isEqualTo(a.categories());
                    assertThat(b.textEmbedding().isPresent()).isEqualTo(a.textEmbedding().isPresent());
                    if (a.textEmbedding().isPresent()) {
                        assertThat(b.textEmbedding().get()).containsExactly(a.textEmbedding().get());
                        withExpert++;
                    }
                }
                assertThat(withExpert).isPositive();
            }
        }
    }

    @Test
    void publishesThenGatesTheNextVersionAgainstTheCurrentOne() {
        ModelRegistry registry = ModelRegistry.open(temp.resolve("registry"));
        java.util.List<String> announced = new java.util.ArrayList<>();
        QualityGate gate = new QualityGate(MetricRule.parseList("router.accuracy:higher:0.0"));
        TrainOnce once = new TrainOnce(corpus, registry, gate, smallConfig(), encoder, (r, v) -> announced.add(v),
                temp.resolve("reports"), Clock.systemUTC());

        TrainingOutcome first = once.run();
        assertThat(first.published()).isTrue();
        assertThat(registry.current()).contains(first.version());
        assertThat(registry.manifest(first.version()).metrics()).containsKey("router.accuracy");
        assertThat(temp.resolve("reports").resolve("train-" + first.version() + ".md")).content()
                .contains("PUBLISHED", "router.accuracy", "## Loss curves");

        // the same data and seed train the same set: not worse, so published, and it names its predecessor
        TrainingOutcome second = once.run();
        assertThat(second.published()).as(second.reason()).isTrue();
        assertThat(registry.manifest(second.version()).previousVersion()).contains(first.version());
        assertThat(announced).containsExactly(first.version(), second.version());
        try (ModelSet served = ModelSet.load(registry.path(registry.current().orElseThrow()))) {
            assertThat(served.textEncoderId()).isEqualTo(encoder.id());
        }
    }
}

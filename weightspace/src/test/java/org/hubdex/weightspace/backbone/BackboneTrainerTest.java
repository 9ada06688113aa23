package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class BackboneTrainerTest {

    private static final Logger LOG = LoggerFactory.getLogger(BackboneTrainerTest.class);

    @Test
    void theSameSeedGivesTheSameParameters() {
        List<TokenSequence> corpus = corpus(10, 0);
        BackboneConfig config = SyntheticModels.tiny().optMaxSteps(4).optEraseProbability(0.5).build();
        Map<String, float[]> first;
        Map<String, float[]> second;
        Map<String, float[]> otherSeed;
        try (Backbone a = new BackboneTrainer(config).train(corpus, List.of(), TrainingListener.NONE);
                Backbone b = new BackboneTrainer(config).train(corpus, List.of(), TrainingListener.NONE);
                Backbone c = new BackboneTrainer(config.toBuilder().optSeed(43).build()).train(corpus, List.of(),
                        TrainingListener.NONE)) {
            first = a.parameters();
            second = b.parameters();
            otherSeed = c.parameters();
        }
        first.forEach((name, values) -> assertThat(second.get(name)).as(name).containsExactly(values));
        assertThat(otherSeed.get("encoder.blocks.0.attn.c_attn.weight"))
                .isNotEqualTo(first.get("encoder.blocks.0.attn.c_attn.weight"));
        // training moved the parameters away from their initialization
        Map<String, float[]> init = new ParameterLayout(config).initialize(config.seed());
        assertThat(first.get("encoder.embed.weight")).isNotEqualTo(init.get("encoder.embed.weight"));
    }

    @Test
    void reportsEveryStepAndEveryValidation() {
        List<TrainingProgress> reports = new ArrayList<>();
        BackboneConfig config = SyntheticModels.tiny().optMaxSteps(5).optEvalEvery(2).build();
        try (Backbone ignored = new BackboneTrainer(config).train(corpus(8, 0), corpus(4, 100), reports::add)) {
            assertThat(reports.stream().filter(p -> !p.validated()).map(TrainingProgress::step)).containsExactly(1, 2, 3, 4, 5);
            assertThat(reports.stream().filter(TrainingProgress::validated).map(TrainingProgress::step))
                    .containsExactly(0, 2, 4, 5);
            for (TrainingProgress p : reports) {
                if (p.validated()) {
                    assertThat(p.validationLoss()).isPresent();
                    assertThat(p.validationLoss().getAsDouble()).isPositive();
                } else {
                    assertThat(p.validationLoss()).isEmpty();
                    assertThat(p.loss()).isPositive();
                    assertThat(p.loss()).isCloseTo(0.05 * p.contrastiveLoss() + 0.95 * p.reconstructionLoss(),
                            org.assertj.core.api.Assertions.within(1e-4));
                    assertThat(p.learningRate()).isPositive().isLessThanOrEqualTo(config.learningRate());
                }
            }
            TrainingProgress last = reports.get(reports.size() - 1);
            assertThat(last.epochs()).isPositive();
            assertThat(last.etaSeconds()).isZero();
            assertThat(reports.get(0).loss()).isNaN();
        }
    }

    @Test
    void aTimeBudgetStopsTrainingAndAStepBudgetWins() {
        BackboneConfig config = SyntheticModels.tiny().optMaxSteps(0).optMaxSeconds(1.0).build();
        List<TrainingProgress> reports = new ArrayList<>();
        long start = System.nanoTime();
        try (Backbone ignored = new BackboneTrainer(config).train(corpus(6, 0), List.of(), reports::add)) {
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
            assertThat(reports.get(reports.size() - 1).elapsedSeconds()).isGreaterThanOrEqualTo(1.0);
            assertThat(reports.get(reports.size() - 1).validationLoss()).as("no validation set").isEmpty();
        }
        BackboneConfig both = config.toBuilder().optMaxSteps(3).optMaxSeconds(600).build();
        List<TrainingProgress> stepped = new ArrayList<>();
        try (Backbone ignored = new BackboneTrainer(both).train(corpus(6, 0), List.of(), stepped::add)) {
            assertThat(stepped.get(stepped.size() - 1).step()).isEqualTo(3);
        }
    }

    @Test
    void theReferencesFlatteningHeadTrainsToo() {
        BackboneConfig config = SyntheticModels.tiny().optMaxSteps(3)
                .optProjectionPooling(BackboneConfig.ProjectionPooling.FLATTEN).build();
        List<TrainingProgress> reports = new ArrayList<>();
        try (Backbone backbone = new BackboneTrainer(config).train(corpus(6, 0), List.of(), reports::add)) {
            assertThat(reports.get(reports.size() - 1).contrastiveLoss()).isPositive();
            assertThat(backbone.parameters().get("projection.0.weight"))
                    .hasSize(config.projectionDim() * config.windowTokens() * config.latentDim());
            assertThat(backbone.embed(corpus(1, 7).get(0))).hasSize(2 * config.latentDim());
        }
    }

    @Test
    void emptyTrainingSequencesAreRejected() {
        TokenSequence empty = new TokenSequence(0, 16, new float[0], new byte[0], new int[0]);
        BackboneTrainer trainer = new BackboneTrainer(SyntheticModels.tiny().build());
        assertThatThrownBy(() -> trainer.train(List.of(empty), List.of(), TrainingListener.NONE))
                .isInstanceOf(EmptyTokenSequenceException.class).hasMessageContaining("training sequence 0");
        assertThatThrownBy(() -> trainer.train(List.of(), List.of(), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The one slow test (seconds): on two synthetic families, training lowers the held-out reconstruction loss well
     * below its value at initialization, and the embeddings of held-out models find their own family by nearest
     * neighbour far above chance.
     */
    @Test
    void learnsToReconstructAndSeparatesFamilies() {
        BackboneConfig config = SyntheticModels.tiny().optMaxSteps(300).optEvalEvery(100).build();
        List<TokenSequence> train = corpus(60, 0);
        List<TokenSequence> validation = corpus(20, 1000);
        List<Double> losses = new ArrayList<>();
        TrainingListener listener = p -> {
            if (p.validated()) {
                losses.add(p.validationLoss().orElseThrow());
                LOG.info("step {} validation reconstruction {} (train loss {}, {} s)", p.step(), losses.get(losses.size() - 1),
                        p.loss(), String.format("%.1f", p.elapsedSeconds()));
            }
        };
        try (Backbone backbone = new BackboneTrainer(config).train(train, validation, listener)) {
            double initial = losses.get(0);
            double last = losses.get(losses.size() - 1);
            assertThat(initial).isGreaterThan(0.5);
            assertThat(last).as("validation reconstruction, from %s", initial).isLessThan(0.35 * initial);

            List<TokenSequence> heldOut = corpus(40, 5000);
            List<float[]> embeddings = backbone.embedAll(heldOut);
            double accuracy = nearestNeighbourAccuracy(embeddings);
            LOG.info("1-NN family accuracy {}", accuracy);
            try (Backbone untrained = Backbone.untrained(config, train)) {
                // for the record: random features separate these families too (about 0.95); the test shows that
                // training keeps the family in the embedding while it learns to reconstruct
                LOG.info("untrained 1-NN family accuracy {}", nearestNeighbourAccuracy(untrained.embedAll(heldOut)));
            }
            assertThat(accuracy).isGreaterThanOrEqualTo(0.9);
        }
    }

    /** Models alternating between the two families, 5 to 120 tokens. */
    private static List<TokenSequence> corpus(int count, long seed) {
        List<TokenSequence> models = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            models.add(SyntheticModels.model(i % 2, 5 + (int) ((seed + i * 37L) % 116), 16, seed + i));
        }
        return models;
    }

    /** Leave-one-out nearest neighbour (Euclidean) accuracy of family = index parity. */
    private static double nearestNeighbourAccuracy(List<float[]> embeddings) {
        int correct = 0;
        for (int i = 0; i < embeddings.size(); i++) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int j = 0; j < embeddings.size(); j++) {
                if (j != i) {
                    double d = 0;
                    for (int k = 0; k < embeddings.get(i).length; k++) {
                        double diff = embeddings.get(i)[k] - embeddings.get(j)[k];
                        d += diff * diff;
                    }
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = j;
                    }
                }
            }
            if (best % 2 == i % 2) {
                correct++;
            }
        }
        return (double) correct / embeddings.size();
    }
}

package org.hubdex.weightspace.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A diverged model (weights near 1e9, as the hub and the zoo both hold) must neither set the scale nor break training. */
class DegenerateModelsTest {

    private static TokenSequence sequence(int tokens, double magnitude, long seed) {
        Random random = new Random(seed);
        float[] values = new float[tokens * 8];
        byte[] mask = new byte[tokens * 8];
        int[] positions = new int[tokens * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * magnitude);
            mask[i] = 1;
        }
        for (int t = 0; t < tokens; t++) {
            positions[3 * t] = t;
            positions[3 * t + 1] = t / 4;
            positions[3 * t + 2] = t % 4;
        }
        return new TokenSequence(tokens, 8, values, mask, positions);
    }

    @Test
    void aDivergedModelIsLeftOutOfTheScaleAndTrainingButStillEmbedded() {
        List<TokenSequence> corpus = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            corpus.add(sequence(16, 0.05, i));
        }
        TokenSequence diverged = sequence(16, 1.4e9, 99);
        corpus.add(diverged);
        assertThat(InputScale.degenerate(diverged)).isTrue();
        assertThat(InputScale.degenerate(corpus.get(0))).isFalse();
        InputScale scale = InputScale.of(corpus);
        assertThat(scale.std()).isBetween(0.04f, 0.06f);
        assertThat(scale.apply(1.4e9f)).isEqualTo(InputScale.CLIP);

        BackboneConfig config = BackboneConfig.builder().optTokenSize(8).optDModel(16).optHeads(2).optLatentDim(8)
                .optWindowTokens(8).optHaloTokens(2).optBatchSize(4).optMaxSteps(6).optMaxSeconds(0).optEvalEvery(3).build();
        List<Double> losses = new ArrayList<>();
        try (Backbone backbone = new BackboneTrainer(config).train(corpus, List.of(diverged), p -> {
            if (!Double.isNaN(p.loss())) {
                losses.add(p.loss());
            }
        })) {
            assertThat(losses).isNotEmpty().allMatch(l -> Double.isFinite(l) && l < 1e3);
            float[] embedding = backbone.embed(diverged);
            assertThat(embedding).hasSize(backbone.embeddingDim());
            for (float v : embedding) {
                assertThat(Float.isFinite(v)).as(Arrays.toString(embedding)).isTrue();
            }
        }
    }
}

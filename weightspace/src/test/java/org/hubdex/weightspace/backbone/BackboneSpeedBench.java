package org.hubdex.weightspace.backbone;

import java.util.ArrayList;
import java.util.List;
import org.hubdex.weightspace.engine.Autograd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a test: measures training steps/s and embedded models/s of the default configuration on synthetic sequences,
 * with 1 and 2 intra-op threads, for the README. Run with
 * {@code mvn -o -q -pl weightspace test -Dtest=BackboneSpeedBench -Dhubdex.bench=true}; optional
 * {@code -Dhubdex.bench.steps=N} (default 20 measured steps after 3 warm-up steps).
 */
@EnabledIfSystemProperty(named = "hubdex.bench", matches = "true")
class BackboneSpeedBench {

    private static final Logger LOG = LoggerFactory.getLogger(BackboneSpeedBench.class);

    @Test
    void measure() {
        int steps = Integer.getInteger("hubdex.bench.steps", 20);
        int warmup = 3;
        BackboneConfig defaults = BackboneConfig.defaults();
        List<TokenSequence> corpus = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // 20-300 tokens, every 50th model a few thousand: the shape of the small-model corpus
            int tokens = i % 50 == 0 ? 2000 + 40 * i % 1500 : 20 + (i * 37) % 281;
            corpus.add(SyntheticModels.noise(tokens, defaults.tokenSize(), 0.05, i));
        }
        List<TokenSequence> embedSet = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            embedSet.add(SyntheticModels.noise(64, defaults.tokenSize(), 0.05, 10_000 + i)); // one window each
        }
        StringBuilder report = new StringBuilder();
        for (int threads : new int[] {1, 2}) {
            BackboneConfig config = defaults.toBuilder().optThreads(threads).optMaxSteps(warmup + steps).optMaxSeconds(0).build();
            double[] marks = new double[2];
            TrainingListener timer = p -> {
                if (!p.validated() && p.step() == warmup) {
                    marks[0] = p.elapsedSeconds();
                }
                if (!p.validated() && p.step() == warmup + steps) {
                    marks[1] = p.elapsedSeconds();
                }
            };
            try (Backbone backbone = new BackboneTrainer(config).train(corpus, List.of(), timer)) {
                double stepsPerSecond = steps / (marks[1] - marks[0]);
                Autograd.intraOpThreads(threads);
                backbone.embedAll(embedSet.subList(0, 8)); // warm-up
                long start = System.nanoTime();
                int rounds = 10;
                for (int r = 0; r < rounds; r++) {
                    backbone.embedAll(embedSet);
                }
                double modelsPerSecond = rounds * embedSet.size() / ((System.nanoTime() - start) / 1e9);
                long single = System.nanoTime();
                for (TokenSequence m : embedSet) {
                    backbone.embed(m);
                }
                double singlePerSecond = embedSet.size() / ((System.nanoTime() - single) / 1e9);
                String line = String.format("threads %d: train %.2f steps/s (%.0f windows/s), embedAll %.1f models/s,"
                                + " embed one at a time %.1f models/s (64-token models, %d parameters)", threads,
                        stepsPerSecond, stepsPerSecond * config.batchSize(), modelsPerSecond, singlePerSecond,
                        backbone.parameterCount());
                LOG.info(line);
                report.append(line).append('\n');
            }
        }
        System.out.println("BACKBONE SPEED\n" + report);
    }
}

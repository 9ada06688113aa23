package org.hubdex.weightspace.probex;

import ai.djl.pytorch.jni.JniUtils;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hubdex.weightspace.engine.Autograd;
import org.hubdex.weightspace.engine.Engines;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * Scratch harness for choosing the defaults on synthetic trees (not a test): trains one expert per variant and
 * prints validation and held-out figures, epoch times and (with {@code -Dinference=N}) prediction speed. Run from
 * the test classpath ({@code mvn -o -q -pl weightspace dependency:build-classpath -Dmdep.includeScope=test}) with
 * {@code -Dai.djl.offline=true}:
 * {@code java -cp ... org.hubdex.weightspace.probex.ProbeXLab rows cols signal noise variant...}, a variant being
 * e.g. {@code "r=32,32,64;e=150;t=1;w=0.1;s=GLOBAL"} (empty: the defaults); {@code -Ddense=true} adds the dense
 * baseline; {@code -DtreeSeed}, {@code -Dtrain}, {@code -Dval}, {@code -Dtest}, {@code -Dcategories},
 * {@code -DtextDim}, {@code -Dthreads} change the tree and the run.
 */
public final class ProbeXLab {

    private ProbeXLab() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int cols = Integer.parseInt(args[1]);
        double signal = Double.parseDouble(args[2]);
        double noise = Double.parseDouble(args[3]);
        int nTrain = Integer.getInteger("train", 150);
        int categories = Integer.getInteger("categories", 10);
        int textDim = Integer.getInteger("textDim", 384);
        long seed = Long.getLong("treeSeed", 1);
        Engines.pytorch();
        Autograd.intraOpThreads(Integer.getInteger("threads", 1));
        System.out.println("intra-op threads: " + JniUtils.getNumThreads());
        SyntheticTree tree = new SyntheticTree(seed, rows, cols, categories, textDim, signal, noise);
        List<ProbeXExample> train = tree.models("train", nTrain);
        List<ProbeXExample> validation = tree.models("val", Integer.getInteger("val", 30));
        List<ProbeXExample> test = tree.models("test", Integer.getInteger("test", 100));
        if (Boolean.getBoolean("dense")) {
            long t0 = System.nanoTime();
            DenseLinearExpert dense = DenseLinearExpert.train("lab", train, validation,
                    ProbeXConfig.defaults().withEpochs(Integer.getInteger("epochs", 200)));
            System.out.printf("dense: epoch %d test %s %.1fs%n", dense.bestEpoch(), HeldOut.score(dense, test),
                    (System.nanoTime() - t0) / 1e9);
        }
        for (int a = 4; a < args.length; a++) {
            ProbeXConfig config = variant(args[a]).withTextDim(textDim);
            long t0 = System.nanoTime();
            long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            boolean curves = Boolean.getBoolean("curves");
            List<Double> elapsed = new ArrayList<>();
            try (ProbeXExpert expert = new ProbeXTrainer(config).train("lab", train, validation, r -> {
                elapsed.add(r.elapsedSeconds());
                if (curves && (r.epoch() % 10 == 0 || r.epoch() < 5)) {
                    System.out.printf("  %3d train %.4f %.4f val %s%n", r.epoch(), r.trainCategoryLoss(), r.trainTextLoss(),
                            r.validation().map(v -> String.format("loss %.4f/%.4f el %.3f txt %.3f", v.categoryLoss(),
                                    v.textLoss(), v.elementAccuracy(), v.textTop1())).orElse("-"));
                }
            })) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1e9;
                ValidationMetrics v = expert.training().bestValidation().orElseThrow();
                long t1 = System.nanoTime();
                HeldOut.Scores s = HeldOut.score(expert, test);
                double inference = test.size() / ((System.nanoTime() - t1) / 1e9);
                double[] epochSeconds = new double[elapsed.size() - 1];
                for (int i = 1; i < elapsed.size(); i++) {
                    epochSeconds[i - 1] = elapsed.get(i) - elapsed.get(i - 1);
                }
                Arrays.sort(epochSeconds);
                if (epochSeconds.length > 0) {
                    System.out.printf("  epoch wall time: min %.4fs, median %.4fs (x %d epochs = %.1fs / %.1fs)%n",
                            epochSeconds[0], epochSeconds[epochSeconds.length / 2], config.epochs(),
                            epochSeconds[0] * config.epochs(), epochSeconds[epochSeconds.length / 2] * config.epochs());
                }
                int inference0 = Integer.getInteger("inference", 0);
                if (inference0 > 0) {
                    List<ProbeXMatrix> many = new ArrayList<>();
                    for (int i = 0; i < inference0; i++) {
                        many.add(test.get(i % test.size()).matrix());
                    }
                    for (int round = 0; round < 3; round++) {
                        long b0 = System.nanoTime();
                        expert.predictAll(many);
                        double batched = inference0 / ((System.nanoTime() - b0) / 1e9);
                        long s0 = System.nanoTime();
                        for (int i = 0; i < 200; i++) {
                            expert.predict(many.get(i));
                        }
                        double single = 200 / ((System.nanoTime() - s0) / 1e9);
                        System.out.printf("  inference round %d: predictAll %.0f models/s, predict one by one %.0f models/s%n",
                                round, batched, single);
                    }
                }
                System.out.printf("%-40s epoch %3d val el %.3f txt %.3f | test %s | %.1fs train (cpu %.1fs), %.0f models/s%n",
                        args[a], expert.training().bestEpoch(), v.elementAccuracy(), v.textTop1(), s, seconds, cpu, inference);
            }
        }
    }

    /** {@code r=32,32,64;e=100;t=0.07;s=TREE_CENTERED;sel=VALIDATION_LOSS;lr=1e-3;w=1} */
    static ProbeXConfig variant(String spec) {
        ProbeXConfig c = ProbeXConfig.defaults();
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            switch (kv[0]) {
                case "r" -> {
                    String[] r = kv[1].split(",");
                    c = c.withRanks(Integer.parseInt(r[0]), Integer.parseInt(r[1]), Integer.parseInt(r[2]));
                }
                case "e" -> c = c.withEpochs(Integer.parseInt(kv[1]));
                case "t" -> c = c.withText(Double.parseDouble(kv[1]), c.textLossWeight());
                case "w" -> c = c.withText(c.textTemperature(), Double.parseDouble(kv[1]));
                case "s" -> c = c.withInputScaling(InputScaling.valueOf(kv[1]));
                case "sel" -> c = c.withSelection(ModelSelection.valueOf(kv[1]));
                case "lr" -> c = c.withOptimizer(Double.parseDouble(kv[1]), c.weightDecay(), c.batchSize());
                case "b" -> c = c.withOptimizer(c.learningRate(), c.weightDecay(), Integer.parseInt(kv[1]));
                case "seed" -> c = c.withSeed(Long.parseLong(kv[1]));
                default -> throw new IllegalArgumentException("unknown variant key " + kv[0]);
            }
        }
        return c;
    }
}

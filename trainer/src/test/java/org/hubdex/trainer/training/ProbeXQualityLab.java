package org.hubdex.trainer.training;

import java.nio.file.Path;
import java.util.*;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.weightrecords.LayerSummary;
import org.hubdex.weightspace.probex.*;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/**
 * Scratch experiment (not a test): ProbeX expert quality on the zoo per layer choice and config, with the
 * DenseLinearExpert and all-negative baselines, on the pipeline's trees and split. Run with the corpus dir,
 * modes ({@code probex;penult;head;headT}) and configs ({@code base;ep=40,acc;raw;wd=1e-3;r=16;trval}).
 *
 * <p>Findings on zoo-standard (49 test models, 8 trees; allNeg 0.527): ProbeX on the tokenizer's layer 0.551
 * (dense 0.551); the head zero-padded to 10 rows 0.586; head transposed 0.582 (dense 0.569). The subset is in the
 * head rows, read row by row: {@link HeadRowLab} (nearest class centroid of head rows, labelled by id2label order)
 * 0.959 / exact 0.837; {@link RowSetLab}: probes per row + max over rows with set BCE 0.735 (pool first) / 0.755
 * (classify rows then max); with per-row softmax supervision from id2label order 0.939 / exact 0.735.
 */
public final class ProbeXQualityLab {

    static final float[] TEXT = {1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};

    /** The weight matrix of layer {@code index} built from whole tokens, or null. */
    static ProbeXMatrix layer(TrainingExample e, LayerSummary l) {
        var t = e.tokens().tokens();
        int s = t.tokenSize();
        long n = 1;
        for (long d : l.shape()) n *= d;
        float[] v = new float[(int) n];
        int next = 0;
        for (int k = 0; k < t.tokenCount() && next < n; k++) {
            if (t.positions()[3 * k + 1] != l.index()) continue;
            for (int j = 0; j < s && next < n; j++) {
                if (t.mask()[k * s + j] != 0) v[next++] = t.values()[k * s + j];
            }
        }
        if (next < n) return null;
        int rows = (int) l.shape()[0];
        return new ProbeXMatrix(l.name(), l.shape(), rows, (int) (n / rows), v);
    }

    static List<LayerSummary> matrices(TrainingExample e) {
        List<LayerSummary> out = new ArrayList<>();
        for (LayerSummary l : e.tokens().layers()) {
            if (l.shape().length >= 2 && l.shape()[0] > 1 && l.shape()[1] > 1) out.add(l);
        }
        return out;
    }

    /** The matrix a variant reads. */
    static ProbeXMatrix input(TrainingExample e, String mode) {
        List<LayerSummary> ms = matrices(e);
        switch (mode) {
            case "probex": return e.tokens().probeX().orElse(null);
            case "penult": return layer(e, ms.get(ms.size() - 2));
            case "head": { // head [k, d] zero-padded to 10 rows
                ProbeXMatrix h = layer(e, ms.get(ms.size() - 1));
                float[] v = Arrays.copyOf(h.values(), 10 * h.cols());
                return new ProbeXMatrix(h.layerName(), h.sourceShape(), 10, h.cols(), v);
            }
            case "headT": { // head^T [d, 10]: rows the fixed side
                ProbeXMatrix h = layer(e, ms.get(ms.size() - 1));
                float[] v = new float[h.cols() * 10];
                for (int r = 0; r < h.rows(); r++) for (int c = 0; c < h.cols(); c++) v[c * 10 + r] = h.values()[r * h.cols() + c];
                return new ProbeXMatrix(h.layerName(), h.sourceShape(), h.cols(), 10, v);
            }
            default: throw new IllegalArgumentException(mode);
        }
    }

    static ProbeXConfig config(String name) {
        ProbeXConfig c = ProbeXConfig.defaults().withTextDim(8).withText(0.07, 0.0);
        for (String part : name.split(",")) {
            String[] kv = part.split("=");
            switch (kv[0]) {
                case "base" -> { }
                case "raw" -> c = c.withInputScaling(InputScaling.NONE);
                case "perel" -> c = c.withInputScaling(InputScaling.PER_ELEMENT);
                case "acc" -> c = c.withSelection(ModelSelection.VALIDATION_ACCURACY);
                case "wd" -> c = c.withOptimizer(c.learningRate(), Double.parseDouble(kv[1]), c.batchSize());
                case "lr" -> c = c.withOptimizer(Double.parseDouble(kv[1]), c.weightDecay(), c.batchSize());
                case "ep" -> c = c.withEpochs(Integer.parseInt(kv[1]));
                case "r" -> { int r = Integer.parseInt(kv[1]); c = c.withRanks(r, r, r); }
                default -> throw new IllegalArgumentException(part);
            }
        }
        return c;
    }

    public static void main(String[] args) throws Exception {
        List<TrainingExample> corpus;
        try (CorpusStore store = CorpusStore.openReadOnly(Path.of(args[0]))) {
            corpus = TrainOnce.examples(store);
        }
        TrainingConfig config = TrainingConfig.defaults();
        Map<String, TrainingExample> byId = new LinkedHashMap<>();
        corpus.forEach(e -> byId.put(e.modelId(), e));
        Map<String, List<String>> parents = new HashMap<>();
        byId.values().forEach(e -> parents.put(e.modelId(), e.facts().baseModels()));
        TreeResolver trees = new TreeResolver(parents);
        Map<String, String> cardTrees = new HashMap<>();
        for (TrainingExample e : byId.values()) trees.treeOf(e.modelId()).ifPresent(t -> cardTrees.put(e.modelId(), t));
        Map<String, String> treeOf = new TreeRecovery(config.router(), config.minExpertModels(), new TrainingLog())
                .recover(byId.values(), cardTrees);
        List<DatasetSplit.Item> labelled = new ArrayList<>();
        for (TrainingExample e : byId.values()) {
            if (!e.facts().classNames().isEmpty() && treeOf.containsKey(e.modelId())) {
                labelled.add(new DatasetSplit.Item(e.modelId(), treeOf.get(e.modelId()), e.classKey()));
            }
        }
        Map<String, Part> parts = DatasetSplit.split(labelled, config.split(), config.seed());
        Map<String, Map<Part, List<TrainingExample>>> byTree = new TreeMap<>();
        for (DatasetSplit.Item it : labelled) {
            byTree.computeIfAbsent(it.tree(), t -> new EnumMap<>(Part.class))
                    .computeIfAbsent(parts.get(it.modelId()), p -> new ArrayList<>()).add(byId.get(it.modelId()));
        }
        String[] modes = args[1].split(";");
        String[] configs = args[2].split(";");
        boolean dense = args.length > 3 && args[3].equals("dense");
        for (var tree : byTree.entrySet()) {
            var p = tree.getValue();
            TrainingExample first = p.get(Part.TRAIN).get(0);
            StringBuilder shapes = new StringBuilder();
            for (LayerSummary l : matrices(first)) shapes.append(l.name()).append(Arrays.toString(l.shape())).append(' ');
            System.out.printf("TREE %s train %d val %d test %d zs %d probex %s | %s%n", tree.getKey(),
                    p.getOrDefault(Part.TRAIN, List.of()).size(), p.getOrDefault(Part.VALIDATION, List.of()).size(),
                    p.getOrDefault(Part.TEST, List.of()).size(), p.getOrDefault(Part.ZERO_SHOT, List.of()).size(),
                    first.tokens().probeX().map(ProbeXMatrix::layerName).orElse("-"), shapes);
        }
        for (String mode : modes) {
            for (String cname : configs) {
                ProbeXConfig pc = config(cname);
                double sumEl = 0, sumEx = 0, sumNeg = 0, sumDense = 0;
                int total = 0;
                StringBuilder per = new StringBuilder();
                for (var tree : byTree.entrySet()) {
                    var p = tree.getValue();
                    List<ProbeXExample> train = ex(p.get(Part.TRAIN), mode);
                    List<ProbeXExample> val = ex(p.getOrDefault(Part.VALIDATION, List.of()), mode);
                    List<ProbeXExample> test = ex(p.getOrDefault(Part.TEST, List.of()), mode);
                    if (train.size() < 8 || test.isEmpty()) continue;
                    if (cname.contains("trval")) { train = new ArrayList<>(train); train.addAll(val); val = List.of(); }
                    ProbeXExpert expert;
                    try {
                        expert = new ProbeXTrainer(pc).train(tree.getKey(), train, val, r -> { });
                    } catch (RuntimeException x) {
                        System.out.println("SKIP " + tree.getKey() + ": " + x.getMessage());
                        continue;
                    }
                    List<String> vocab = expert.categories();
                    List<Map<String, Double>> probs = new ArrayList<>();
                    List<Map<String, Double>> neg = new ArrayList<>();
                    List<Set<String>> truth = new ArrayList<>();
                    for (ProbeXExample e : test) {
                        probs.add(expert.predict(e.matrix()).categoryProbabilities());
                        neg.add(Map.of());
                        truth.add(e.categories());
                    }
                    MultiLabelMetrics m = MultiLabelMetrics.of(vocab, probs, truth);
                    MultiLabelMetrics n = MultiLabelMetrics.of(vocab, neg, truth);
                    double d = Double.NaN;
                    if (dense) {
                        DenseLinearExpert de = DenseLinearExpert.train(tree.getKey(), train, val, pc);
                        d = MultiLabelMetrics.of(de.categories(), de.predictAll(test.stream().map(ProbeXExample::matrix).toList()), truth).elementAccuracy();
                        sumDense += d * test.size();
                    }
                    expert.close();
                    sumEl += m.elementAccuracy() * test.size();
                    sumEx += m.exactSetAccuracy() * test.size();
                    sumNeg += n.elementAccuracy() * test.size();
                    total += test.size();
                    per.append(String.format(Locale.ROOT, " %s:%.3f/%.2f(ep%d,neg%.2f,dense%.3f)", tree.getKey().replaceAll(".*/", ""),
                            m.elementAccuracy(), m.exactSetAccuracy(), expert.training().bestEpoch(), n.elementAccuracy(), d));
                }
                System.out.printf(Locale.ROOT, "RESULT mode=%s cfg=%s test=%d element=%.3f exact=%.3f allNeg=%.3f dense=%.3f |%s%n",
                        mode, cname, total, sumEl / total, sumEx / total, sumNeg / total, sumDense / total, per);
            }
        }
    }

    static List<ProbeXExample> ex(List<TrainingExample> es, String mode) {
        List<ProbeXExample> out = new ArrayList<>();
        if (es == null) return out;
        for (TrainingExample e : es) {
            ProbeXMatrix m = input(e, mode);
            if (m != null) out.add(new ProbeXExample(e.modelId(), m, new LinkedHashSet<>(e.facts().classNames()), TEXT));
        }
        return out;
    }
}

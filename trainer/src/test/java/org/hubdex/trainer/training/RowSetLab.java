package org.hubdex.trainer.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.*;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.weightspace.engine.Autograd;
import org.hubdex.weightspace.engine.Engines;
import org.hubdex.weightspace.probex.MultiLabelMetrics;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/** Scratch: a row-set ProbeX on the head: relu(x_r U) per row, max over rows (replaces V), encoder, head. */
public final class RowSetLab {
    public static void main(String[] args) throws Exception {
        int epochs = Integer.parseInt(args[1]);
        int rank = Integer.parseInt(args[2]);
        double wd = Double.parseDouble(args[3]);
        boolean trval = args[4].equals("trval");
        mil = args[5].equals("mil") || args[5].equals("rowsup");
        rowsup = args[5].equals("rowsup");
        float lr = Float.parseFloat(args[6]);
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
        double sEl = 0, sEx = 0; int total = 0;
        StringBuilder per = new StringBuilder();
        Engine engine = Engines.pytorch();
        for (var tree : byTree.entrySet()) {
            List<TrainingExample> train = new ArrayList<>(tree.getValue().getOrDefault(Part.TRAIN, List.of()));
            List<TrainingExample> val = new ArrayList<>(tree.getValue().getOrDefault(Part.VALIDATION, List.of()));
            List<TrainingExample> test = tree.getValue().getOrDefault(Part.TEST, List.of());
            if (train.size() < 8 || test.isEmpty()) continue;
            if (trval) { train.addAll(val); val.clear(); }
            TreeSet<String> vs = new TreeSet<>();
            train.forEach(e -> vs.addAll(e.facts().classNames()));
            List<String> vocab = new ArrayList<>(vs);
            int d = HeadRowLab.head(train.get(0)).cols();
            int R = 10;
            Random rnd = new Random(42);
            try (NDManager m = engine.newBaseManager(Engines.device(engine))) {
                NDArray u = m.randomUniform(-1f / (float) Math.sqrt(d), 1f / (float) Math.sqrt(d), new Shape(d, rank));
                NDArray mw = m.randomUniform(-1f / (float) Math.sqrt(rank), 1f / (float) Math.sqrt(rank), new Shape(rank, rank));
                NDArray mb = m.zeros(new Shape(rank));
                NDArray cw = m.randomUniform(-1f / (float) Math.sqrt(rank), 1f / (float) Math.sqrt(rank), new Shape(rank, vocab.size()));
                NDArray cb = m.zeros(new Shape(vocab.size()));
                NDArray[] ps = {u, mw, mb, cw, cb};
                for (NDArray p : ps) p.setRequiresGradient(true);
                NDArray xt = m.create(pack(train, R, d), new Shape(train.size(), R, d));
                NDArray yt = m.create(labels(train, vocab), new Shape(train.size(), vocab.size()));
                NDArray yr = m.create(rowLabels(train, vocab, R), new Shape(train.size(), R, vocab.size()));
                Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).optWeightDecays((float) wd).build();
                double bestAcc = -1; float[][] best = null; int bestEp = 0;
                for (int ep = 1; ep <= epochs; ep++) {
                    Autograd.recordGradients(true);
                    NDArray loss;
                    try {
                        NDArray logits = forward(xt, ps);
                        if (rowsup) {
                            NDArray rl = rowLogits(xt, ps);
                            NDArray lsm = rl.sub(rl.exp().sum(new int[] {2}, true).log());
                            loss = lsm.mul(yr).sum(new int[] {2}).mean().neg();
                        } else
                        loss = logits.maximum(0f).sub(logits.mul(yt)).add(logits.abs().neg().exp().add(1f).log()).mean();
                        Autograd.backward(loss);
                    } finally {
                        Autograd.recordGradients(false);
                    }
                    for (int i = 0; i < ps.length; i++) {
                        adam.update("p" + i, ps[i], ps[i].getGradient());
                        Autograd.zeroGradient(ps[i]);
                    }
                    double acc = val.isEmpty() ? ep : score(m, val, vocab, R, d, ps).elementAccuracy();
                    if (acc >= bestAcc) { bestAcc = acc; bestEp = ep; best = new float[ps.length][]; for (int i = 0; i < ps.length; i++) best[i] = ps[i].toFloatArray(); }
                }
                for (int i = 0; i < ps.length; i++) ps[i].set(best[i]);
                MultiLabelMetrics r = score(m, test, vocab, R, d, ps);
                sEl += r.elementAccuracy() * test.size(); sEx += r.exactSetAccuracy() * test.size(); total += test.size();
                per.append(String.format(Locale.ROOT, " %s:%.3f/%.2f(ep%d)", tree.getKey().replaceAll(".*/", ""), r.elementAccuracy(), r.exactSetAccuracy(), bestEp));
            }
        }
        System.out.printf(Locale.ROOT, "ROWSET mil=" + mil + " rowsup=" + rowsup + " ep=%d r=%d wd=%g trval=%b test=%d element=%.3f exact=%.3f |%s%n", epochs, rank, wd, trval, total, sEl / total, sEx / total, per);
    }

    static boolean mil;
    static boolean rowsup;

    /** Per-row logits [B, R, C] (row-supervised variant). */
    static NDArray rowLogits(NDArray x, NDArray[] p) {
        NDArray a = x.matMul(p[0]).maximum(0f);
        NDArray z = a.matMul(p[1]).add(p[2]).maximum(0f);
        return z.matMul(p[3]).add(p[4]);
    }

    static NDArray forward(NDArray x, NDArray[] p) {
        if (mil) { // classify each row, then max over rows
            NDArray a = x.matMul(p[0]).maximum(0f);
            NDArray z = a.matMul(p[1]).add(p[2]).maximum(0f);
            return z.matMul(p[3]).add(p[4]).max(new int[] {1});
        }
        NDArray a = x.matMul(p[0]).maximum(0f);      // [B, R, rU] per-row probe responses, ReLU
        NDArray pooled = a.max(new int[] {1});        // [B, rU] max over rows (permutation-invariant V)
        NDArray z = pooled.matMul(p[1]).add(p[2]);
        return z.matMul(p[3]).add(p[4]);
    }

    static MultiLabelMetrics score(NDManager m, List<TrainingExample> es, List<String> vocab, int R, int d, NDArray[] ps) {
        try (NDManager s = m.newSubManager()) {
            NDArray x = s.create(pack(es, R, d), new Shape(es.size(), R, d));
            float[] lg = forward(x, ps).toFloatArray();
            if (rowsup) { // probability of c = max over rows of the row's softmax
                NDArray rl = rowLogits(x, ps);
                NDArray sm = rl.exp().div(rl.exp().sum(new int[] {2}, true)).max(new int[] {1});
                float[] q = sm.toFloatArray();
                for (int i = 0; i < q.length; i++) lg[i] = (float) Math.log(q[i] / Math.max(1e-7, 1 - q[i]));
            }
            double[][] pr = new double[es.size()][vocab.size()];
            boolean[][] t = new boolean[es.size()][vocab.size()];
            for (int i = 0; i < es.size(); i++) for (int c = 0; c < vocab.size(); c++) {
                pr[i][c] = 1 / (1 + Math.exp(-lg[i * vocab.size() + c]));
                t[i][c] = es.get(i).facts().classNames().contains(vocab.get(c));
            }
            return MultiLabelMetrics.of(pr, t);
        }
    }

    /** Head rows, each L2-normalized, padded to R rows by repeating row 0 (max pooling ignores duplicates). */
    static float[] pack(List<TrainingExample> es, int R, int d) {
        float[] out = new float[es.size() * R * d];
        for (int i = 0; i < es.size(); i++) {
            ProbeXMatrix h = HeadRowLab.head(es.get(i));
            for (int r = 0; r < R; r++) {
                double[] v = HeadRowLab.unit(h, Math.min(r, h.rows() - 1) == r ? r : 0);
                for (int j = 0; j < d; j++) out[(i * R + r) * d + j] = (float) (v[j] * Math.sqrt(d));
            }
        }
        return out;
    }

    static float[] rowLabels(List<TrainingExample> es, List<String> vocab, int R) {
        float[] y = new float[es.size() * R * vocab.size()];
        for (int i = 0; i < es.size(); i++) {
            List<String> names = es.get(i).facts().classNames();
            for (int r = 0; r < R; r++) {
                int c = vocab.indexOf(names.get(r < names.size() ? r : 0));
                if (c >= 0) y[(i * R + r) * vocab.size() + c] = 1;
            }
        }
        return y;
    }

    static float[] labels(List<TrainingExample> es, List<String> vocab) {
        float[] y = new float[es.size() * vocab.size()];
        for (int i = 0; i < es.size(); i++) for (int c = 0; c < vocab.size(); c++) y[i * vocab.size() + c] = es.get(i).facts().classNames().contains(vocab.get(c)) ? 1 : 0;
        return y;
    }
}

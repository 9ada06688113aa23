package org.hubdex.trainer.training;

import java.nio.file.Path;
import java.util.*;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.training.DatasetSplit.Part;
import org.hubdex.weightrecords.LayerSummary;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/** Scratch: do head rows identify their class across a tree? Nearest class centroid of L2-normalized rows. */
public final class HeadRowLab {
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
        double right = 0, all = 0, exact = 0, models = 0, rowRight = 0, rows = 0;
        for (var tree : byTree.entrySet()) {
            List<TrainingExample> train = new ArrayList<>(tree.getValue().getOrDefault(Part.TRAIN, List.of()));
            train.addAll(tree.getValue().getOrDefault(Part.VALIDATION, List.of()));
            List<TrainingExample> test = tree.getValue().getOrDefault(Part.TEST, List.of());
            if (train.size() < 8 || test.isEmpty()) continue;
            Map<String, double[]> centroid = new TreeMap<>();
            for (TrainingExample e : train) {
                ProbeXMatrix h = head(e);
                for (int r = 0; r < h.rows(); r++) {
                    double[] c = centroid.computeIfAbsent(e.facts().classNames().get(r), k -> new double[h.cols()]);
                    double[] u = unit(h, r);
                    for (int j = 0; j < c.length; j++) c[j] += u[j];
                }
            }
            List<String> vocab = new ArrayList<>(centroid.keySet());
            double tr = 0, ta = 0, te = 0;
            for (TrainingExample e : test) {
                ProbeXMatrix h = head(e);
                Set<String> pred = new HashSet<>();
                for (int r = 0; r < h.rows(); r++) {
                    double[] u = unit(h, r);
                    String best = null; double bs = -1e9;
                    for (var c : centroid.entrySet()) {
                        double s = 0, n = 0;
                        for (int j = 0; j < u.length; j++) { s += u[j] * c.getValue()[j]; n += c.getValue()[j] * c.getValue()[j]; }
                        s /= Math.sqrt(n);
                        if (s > bs) { bs = s; best = c.getKey(); }
                    }
                    pred.add(best);
                    rowRight += best.equals(e.facts().classNames().get(r)) ? 1 : 0; rows++;
                }
                Set<String> truth = new HashSet<>(e.facts().classNames());
                boolean ex = true;
                for (String c : vocab) { boolean ok = pred.contains(c) == truth.contains(c); tr += ok ? 1 : 0; ta++; ex &= ok; }
                te += ex ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "HEADROW %s test %d element %.3f exact %.3f%n", tree.getKey(), test.size(), tr / ta, te / test.size());
            right += tr; all += ta; exact += te; models += test.size();
        }
        System.out.printf(Locale.ROOT, "HEADROW ALL element %.3f exact %.3f rowacc %.3f%n", right / all, exact / models, rowRight / rows);
    }

    static ProbeXMatrix head(TrainingExample e) {
        List<LayerSummary> ms = ProbeXQualityLab.matrices(e);
        return ProbeXQualityLab.layer(e, ms.get(ms.size() - 1));
    }

    static double[] unit(ProbeXMatrix h, int r) {
        double[] u = new double[h.cols()];
        double n = 0;
        for (int j = 0; j < u.length; j++) { u[j] = h.values()[r * h.cols() + j]; n += u[j] * u[j]; }
        n = Math.sqrt(n) + 1e-12;
        for (int j = 0; j < u.length; j++) u[j] /= n;
        return u;
    }
}

package org.hubdex.trainer.training;

import java.nio.file.Path;
import java.util.*;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.weightspace.eval.RetrievalMetrics;
import org.hubdex.weightspace.text.*;

/**
 * Scratch experiment, not a test: the text-retrieval ceiling of the text encoder. Every labelled corpus model gets a
 * text embedding from its TRUE class set (its config's class names), in several forms, and the prompts of
 * {@link RetrievalPrompts} (other words for the classes) are ranked against them. On the standard zoo (317
 * distinct combinations): the set's description hit@5 0.120, the class list 0.107, the mix of per-class
 * descriptions 0.076, of bare names 0.047; contrasting per-class prompt similarities 0.057-0.063. So with
 * all-MiniLM-L6-v2 and paraphrased prompts, retrieval by class set tops out near 0.12 whatever the weights say.
 *
 * <pre>java -cp trainer/target/test-classes:trainer/target/classes:(runtime classpath) \
 *     org.hubdex.trainer.training.RetrievalCeilingLab .hubdex/corpus-zoo/zoo-standard</pre>
 */
public final class RetrievalCeilingLab {
    public static void main(String[] args) throws Exception {
        List<TrainingExample> corpus;
        try (CorpusStore store = CorpusStore.openReadOnly(Path.of(args[0]))) { corpus = TrainOnce.examples(store); }
        List<TrainingExample> labelled = corpus.stream().filter(e -> !e.facts().classNames().isEmpty()).toList();
        try (TextEncoder enc = MiniLmTextEncoder.load()) {
            Map<String, List<String>> combos = new LinkedHashMap<>();
            labelled.forEach(e -> combos.putIfAbsent(e.classKey(), e.facts().classNames()));
            List<String> keys = new ArrayList<>(combos.keySet());
            List<String> prompts = new ArrayList<>();
            long seed = 1;
            for (String k : keys) prompts.add(RetrievalPrompts.forClasses(combos.get(k), seed++));
            List<float[]> q = enc.encodeAll(prompts);
            Set<String> classes = new TreeSet<>();
            labelled.forEach(e -> classes.addAll(e.facts().classNames()));
            Map<String, float[]> nameVec = new HashMap<>(), descVec = new HashMap<>();
            for (String c : classes) {
                nameVec.put(c, enc.encode(c.toLowerCase().replace("/", " or ")));
                descVec.put(c, enc.encode(ModelDescriptions.describe(List.of(c), List.of("fashion_mnist"))));
            }
            for (String base : List.of("name", "desc")) {
                Map<String, float[]> cv = base.equals("name") ? nameVec : descVec;
                List<String> cls = new ArrayList<>(classes);
                List<RetrievalMetrics.Query> qs = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    double[] z = new double[cls.size()];
                    double mean = 0, sd = 0;
                    for (int c = 0; c < cls.size(); c++) { z[c] = dot(q.get(i), cv.get(cls.get(c))); mean += z[c]; }
                    mean /= z.length;
                    for (double x : z) sd += (x - mean) * (x - mean);
                    sd = Math.sqrt(sd / z.length) + 1e-9;
                    Map<String, Double> zc = new HashMap<>();
                    for (int c = 0; c < cls.size(); c++) zc.put(cls.get(c), (z[c] - mean) / sd);
                    List<Map.Entry<String, Double>> scored = new ArrayList<>();
                    for (TrainingExample e : labelled) {
                        Set<String> S = new HashSet<>(e.facts().classNames());
                        double in = 0, out = 0; int ni = 0, no = 0;
                        for (String c : cls) { if (S.contains(c)) { in += zc.get(c); ni++; } else { out += zc.get(c); no++; } }
                        scored.add(Map.entry(e.modelId(), in / ni - (no > 0 ? out / no : 0)));
                    }
                    scored.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
                    Set<String> rel = new HashSet<>();
                    for (TrainingExample e : labelled) if (e.classKey().equals(keys.get(i))) rel.add(e.modelId());
                    qs.add(new RetrievalMetrics.Query(scored.stream().map(Map.Entry::getKey).toList(), rel));
                }
                System.out.printf("contrast-%s: queries %d hit@1 %.3f hit@5 %.3f hit@10 %.3f mrr %.3f%n", base, qs.size(),
                        RetrievalMetrics.of(qs, 1).hitAtK(), RetrievalMetrics.of(qs, 5).hitAtK(), RetrievalMetrics.of(qs, 10).hitAtK(), RetrievalMetrics.of(qs, 10).meanReciprocalRank());
            }
            for (String form : List.of("describe-set")) {
                Map<String, float[]> index = new LinkedHashMap<>();
                Map<String, float[]> cache = new HashMap<>();
                for (TrainingExample e : labelled) {
                    List<String> cl = e.facts().classNames();
                    float[] v = switch (form) {
                        case "describe-set" -> cache.computeIfAbsent(e.classKey(), k -> enc.encode(ModelDescriptions.describe(cl, List.of("fashion_mnist"))));
                        case "list-set" -> cache.computeIfAbsent(e.classKey(), k -> enc.encode(String.join(", ", cl.stream().map(x -> x.toLowerCase().replace("/", " or ")).toList())));
                        case "mix-desc" -> mix(cl, descVec);
                        default -> mix(cl, nameVec);
                    };
                    index.put(e.modelId(), v);
                }
                List<RetrievalMetrics.Query> qs = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    Set<String> rel = new HashSet<>();
                    for (TrainingExample e : labelled) if (e.classKey().equals(keys.get(i))) rel.add(e.modelId());
                    qs.add(new RetrievalMetrics.Query(TextRetrieval.rank(q.get(i), index), rel));
                }
                System.out.printf("%s: queries %d hit@1 %.3f hit@5 %.3f hit@10 %.3f mrr %.3f%n", form, qs.size(),
                        RetrievalMetrics.of(qs, 1).hitAtK(), RetrievalMetrics.of(qs, 5).hitAtK(), RetrievalMetrics.of(qs, 10).hitAtK(), RetrievalMetrics.of(qs, 10).meanReciprocalRank());
            }
        }
    }
    static double dot(float[] a, float[] b) { double s = 0; for (int i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }
    static float[] mix(List<String> cl, Map<String, float[]> vec) {
        float[] m = new float[384]; double n = 0;
        for (String c : cl) { float[] v = vec.get(c); for (int j = 0; j < m.length; j++) m[j] += v[j]; }
        for (float x : m) n += x * x; n = Math.sqrt(n);
        for (int j = 0; j < m.length; j++) m[j] /= n;
        return m;
    }
}

package org.hubdex.weightspace.probex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hubdex.weightspace.tokenize.ProbeXMatrix;

/** Scores experts on held-out models, as the tests and the lab judge them. */
final class HeldOut {

    /**
     * @param categories element-wise and exact-set accuracy over the expert's vocabulary
     * @param textTop1OfAll the fraction of models whose own description is the nearest among all held-out descriptions
     * @param textTop1OfFive the same among its own and 4 other held-out descriptions drawn at random
     */
    record Scores(MultiLabelMetrics categories, double textTop1OfAll, double textTop1OfFive) {
        @Override
        public String toString() {
            return String.format("element %.3f exact %.3f text@all %.3f text@5 %.3f", categories.elementAccuracy(),
                    categories.exactSetAccuracy(), textTop1OfAll, textTop1OfFive);
        }
    }

    private HeldOut() {
    }

    static List<ProbeXMatrix> matrices(List<ProbeXExample> examples) {
        return examples.stream().map(ProbeXExample::matrix).toList();
    }

    static List<Set<String>> truths(List<ProbeXExample> examples) {
        return examples.stream().map(ProbeXExample::categories).toList();
    }

    static Scores score(ProbeXExpert expert, List<ProbeXExample> test) {
        List<Prediction> predictions = expert.predictAll(matrices(test));
        List<Map<String, Double>> probabilities = predictions.stream().map(Prediction::categoryProbabilities).toList();
        MultiLabelMetrics categories = MultiLabelMetrics.of(expert.categories(), probabilities, truths(test));
        int all = 0;
        int five = 0;
        Random random = new Random(7);
        for (int m = 0; m < test.size(); m++) {
            float[] e = predictions.get(m).textEmbedding();
            double own = dot(e, test.get(m).textTarget());
            boolean bestOfAll = true;
            for (int o = 0; o < test.size(); o++) {
                if (o != m && dot(e, test.get(o).textTarget()) >= own) {
                    bestOfAll = false;
                }
            }
            all += bestOfAll ? 1 : 0;
            List<Integer> others = new ArrayList<>();
            for (int o = 0; o < test.size(); o++) {
                if (o != m) {
                    others.add(o);
                }
            }
            Collections.shuffle(others, random);
            boolean bestOfFive = true;
            for (int o : others.subList(0, Math.min(4, others.size()))) {
                if (dot(e, test.get(o).textTarget()) >= own) {
                    bestOfFive = false;
                }
            }
            five += bestOfFive ? 1 : 0;
        }
        return new Scores(categories, (double) all / test.size(), (double) five / test.size());
    }

    static MultiLabelMetrics score(DenseLinearExpert expert, List<ProbeXExample> test) {
        return MultiLabelMetrics.of(expert.categories(), expert.predictAll(matrices(test)), truths(test));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}

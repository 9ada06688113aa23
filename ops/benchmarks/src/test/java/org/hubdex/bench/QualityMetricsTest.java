package org.hubdex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hubdex.weightrecords.LayerSummary;
import org.hubdex.weightspace.eval.WeightStatisticsFeatures;
import org.hubdex.weightspace.probex.MultiLabelMetrics;
import org.hubdex.weightspace.tokenize.LayerStats;
import org.junit.jupiter.api.Test;

/** The metric code of {@code ops/bench quality} on hand-made cases; no training. */
class QualityMetricsTest {

    private static ZooTruth.Model model(String id, String sha, int commit, String style, String... classes) {
        return new ZooTruth.Model(id, sha, commit, "t/root", "mlp", List.of(classes), style, 0.9, 10, 0.01, List.of());
    }

    @Test
    void truthMatchesTheExactRevisionElseTheLatestCommit() throws Exception {
        String line = "{\"id\":\"a/m\",\"commit\":1,\"sha\":\"s1\",\"tree\":\"a/root\",\"family\":\"mlp\","
                + "\"classNames\":[\"Sandal\",\"Bag\"],\"cardStyle\":\"no-card\",\"testAccuracy\":0.91,\"epochs\":12,"
                + "\"generalizationGap\":0.02,\"hyperparameters\":{\"frozen\":[\"features.\",\"classifier.0.\"]}}";
        ZooTruth.Model first = ZooTruth.parse(new ObjectMapper().readTree(line));
        ZooTruth.Model second = model("a/m", "s2", 2, "documented", "Bag");
        ZooTruth truth = ZooTruth.of(List.of(first, second));

        assertThat(first.classNames()).containsExactly("Sandal", "Bag");
        assertThat(first.classKey()).isEqualTo("Bag|Sandal");
        assertThat(first.testAccuracy()).isEqualTo(0.91);
        assertThat(first.epochs()).isEqualTo(12);
        assertThat(first.froze("classifier.0.weight")).isTrue();
        assertThat(first.froze("classifier.2.weight")).isFalse();
        assertThat(truth.of("a/m", "s1")).contains(first);
        assertThat(truth.hasRevision("a/m", "s1")).isTrue();
        assertThat(truth.of("a/m", "unknown")).contains(second);
        assertThat(truth.hasRevision("a/m", "unknown")).isFalse();
        assertThat(truth.of("b/x", "s1")).isEmpty();
        assertThat(truth.models()).isEqualTo(1);
    }

    @Test
    void cardStylesDecideWhichPartCountsAModel() {
        assertThat(model("m", "s", 1, "vague").undocumented()).isTrue();
        assertThat(model("m", "s", 1, "no-card").undocumented()).isTrue();
        assertThat(model("m", "s", 1, "no-base-model").undocumented()).isFalse();
        assertThat(model("m", "s", 1, "documented").undocumented()).isFalse();
        assertThat(model("m", "s", 1, "no-base-model").withoutBaseModel()).isTrue();
        assertThat(model("m", "s", 1, "no-card").withoutBaseModel()).isTrue();
        assertThat(model("m", "s", 1, "vague").withoutBaseModel()).isFalse();
    }

    @Test
    void layerFeaturesAreSevenStatisticsPerLayerInModelOrder() {
        LayerStats a = new LayerStats(1, 2, 3, 4, 5, 6, 7);
        LayerStats b = new LayerStats(10, 20, 30, 40, 50, 60, 70);
        List<LayerSummary> layers = List.of(new LayerSummary(1, "fc", new long[] {10, 20}, Optional.of(b)),
                new LayerSummary(0, "conv", new long[] {8, 1, 5, 5}, Optional.of(a)),
                new LayerSummary(2, "head", new long[] {3, 10}, Optional.empty()));

        WeightStatisticsFeatures f = LayerFeatures.of(layers);

        assertThat(f.layerSignature()).isEqualTo("conv[8,1,5,5];fc[10,20];head[3,10]");
        assertThat(f.missingLayers()).isEqualTo(1);
        double[] v = f.values();
        assertThat(v).hasSize(21);
        assertThat(List.of(v[0], v[6], v[7], v[13])).containsExactly(1.0, 7.0, 10.0, 70.0);
        assertThat(v[14]).isNaN();
    }

    @Test
    void theAlignerPadsCutsAndFillsWithTrainingMeans() {
        LayerFeatures.Aligner aligner = new LayerFeatures.Aligner(List.of(new double[] {1, 2, 3}, new double[] {3, Double.NaN, 5}));

        assertThat(aligner.align(new double[] {7})).containsExactly(7, 2, 4);
        assertThat(aligner.align(new double[] {7, Double.NaN, 8, 9})).containsExactly(7, 2, 8);
    }

    @Test
    void retrievalFiguresFromRankedCosines() {
        Map<String, float[]> index = new LinkedHashMap<>();
        index.put("a", new float[] {1, 0});
        index.put("b", new float[] {0.8f, 0.6f});
        index.put("c", new float[] {0, 1});
        List<float[]> queries = List.of(new float[] {1, 0}, new float[] {0, 1});
        // query 1 ranks a, b, c and wants b: rank 2; query 2 ranks c, b, a and wants a or a model not indexed: rank 3
        RetrievalEvaluation.Figures f = RetrievalEvaluation.score(queries, List.of(Set.of("b"), Set.of("a", "zz")), index);

        assertThat(f.queries()).isEqualTo(2);
        assertThat(f.hit1()).isZero();
        assertThat(f.hit5()).isEqualTo(1.0);
        assertThat(f.mrr()).isCloseTo((0.5 + 1.0 / 3) / 2, within(1e-12));
        assertThat(f.recall5()).isCloseTo((1.0 + 0.5) / 2, within(1e-12));
    }

    @Test
    void chanceRetrievalIsTheShareOfTheIndexInTheTopK() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add("m" + i);
        }
        RetrievalEvaluation.Figures f = RetrievalEvaluation.chance(List.of(Set.of("m3")), ids, 4000, 7);

        assertThat(f.hit1()).isCloseTo(1 / 20.0, within(0.015));
        assertThat(f.hit5()).isCloseTo(5 / 20.0, within(0.03));
        assertThat(f.hit10()).isCloseTo(10 / 20.0, within(0.03));
    }

    @Test
    void propertySplitIsSixtyTwentyTwentyAndIgnoresInputOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add("m" + i);
        }
        Map<String, PropertyEvaluation.Third> split = PropertyEvaluation.split(ids, 3);
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);

        assertThat(split.values().stream().filter(t -> t == PropertyEvaluation.Third.TRAIN).count()).isEqualTo(30);
        assertThat(split.values().stream().filter(t -> t == PropertyEvaluation.Third.VALIDATION).count()).isEqualTo(10);
        assertThat(split.values().stream().filter(t -> t == PropertyEvaluation.Third.TEST).count()).isEqualTo(10);
        assertThat(PropertyEvaluation.split(reversed, 3)).isEqualTo(split);
    }

    @Test
    void baselineValuesAreTamedLogarithmically() {
        assertThat(PropertyEvaluation.signedLog(0)).isZero();
        assertThat(PropertyEvaluation.signedLog(1e-3)).isCloseTo(1e-3, within(1e-6));
        assertThat(PropertyEvaluation.signedLog(-(Math.E - 1))).isCloseTo(-1, within(1e-12));
        assertThat(PropertyEvaluation.signedLog(1.4e9)).isLessThan(22);
        assertThat(PropertyEvaluation.signedLog(Double.NaN)).isNaN();
    }

    @Test
    void featuresAreClampedToTheTrainingRange() {
        double[][] rows = {{0, 10}, {2, 20}, {-5, 1e9}};
        double[][] clamped = PropertyEvaluation.clampToTraining(rows, List.of(rows[0], rows[1]));

        assertThat(clamped[2]).containsExactly(0, 20);
        assertThat(clamped[1]).containsExactly(2, 20);
        assertThat(rows[2][1]).isEqualTo(1e9);
    }

    @Test
    void theTallyWeighsTreesByTheirDecisions() {
        MultiLabelTally tally = new MultiLabelTally();
        // tree 1: 2 models x 2 categories, 3 of 4 right, 1 exact; tree 2: 1 model x 4 categories, all right
        tally.add(MultiLabelMetrics.of(new double[][] {{0.9, 0.1}, {0.9, 0.9}}, new boolean[][] {{true, false}, {true, false}}), 2);
        tally.add(MultiLabelMetrics.of(new double[][] {{0.9, 0.1, 0.1, 0.9}}, new boolean[][] {{true, false, false, true}}), 4);

        assertThat(tally.models()).isEqualTo(3);
        assertThat(tally.elementAccuracy()).isCloseTo(7 / 8.0, within(1e-12));
        assertThat(tally.exactSetAccuracy()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(new MultiLabelTally().elementAccuracy()).isNaN();
    }

    @Test
    void aTargetIsReachedOnlyByAMeasuredFigure() {
        assertThat(QualityTargets.atLeast("x", 0.96, 0.95).met()).isTrue();
        assertThat(QualityTargets.atLeast("x", 0.94, 0.95).met()).isFalse();
        assertThat(QualityTargets.atLeast("x", Double.NaN, 0.95).met()).isFalse();
        assertThat(QualityTargets.atLeast("x", Double.NaN, 0.95).reached()).isEqualTo("n/a");
        assertThat(QualityReport.ratio(0.9, 0.6)).isEqualTo("1.50x");
        assertThat(QualityReport.ratio(0.9, 0)).isEqualTo("n/a");
        assertThat(QualityReport.delta(0.5, 0.7)).isEqualTo("-0.200");
    }

    @Test
    void optionsAreCheckedBeforeAnythingRuns() {
        assertThat(QualityBenchmark.flags(List.of("--zoo", "z", "--backbone-seconds", "120")))
                .containsEntry("--zoo", "z").containsEntry("--backbone-seconds", "120");
        assertThatThrownBy(() -> QualityBenchmark.flags(List.of("--zoo"))).hasMessageContaining("usage");
        assertThatThrownBy(() -> QualityBenchmark.flags(List.of("--epochs", "3"))).hasMessageContaining("--epochs");
        assertThatThrownBy(() -> QualityBenchmark.flags(List.of("--backbone-seconds", "0"))).hasMessageContaining("positive");
    }
}

package org.hubdex.weightspace.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.hubdex.weightspace.safetensors.ByteRangeSource;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.tokenize.LayerStats;
import org.hubdex.weightspace.tokenize.TokenizedLayer;
import org.hubdex.weightspace.tokenize.TokenizedModel;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;
import org.junit.jupiter.api.Test;

class WeightStatisticsFeaturesTest {

    @Test
    void aTokenizedModelGivesSevenStatisticsPerLayerInModelOrder() {
        float[] fc1 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        float[] fc1Bias = {13, 14, 15};
        float[] fc2 = {-1, -2, -3, -4, -5, -6};
        // written head first, as a checkpoint sorted by name would not be: model order puts fc1 first anyway
        byte[] file = SafetensorsWriter.create()
                .addTensor("fc2.weight", Dtype.F32, new long[] {2, 3}, fc2)
                .addTensor("fc1.weight", Dtype.F32, new long[] {3, 4}, fc1)
                .addTensor("fc1.bias", Dtype.F32, new long[] {3}, fc1Bias).toBytes();
        ByteRangeSource source = ByteRangeSource.ofBytes(file, "model.safetensors");
        TokenizedModel model = new WeightTokenizer(TokenizerConfig.DEFAULT).tokenize(
                List.of(new WeightFile("model.safetensors", source, SafetensorsReader.readHeader(source))), "0".repeat(40));

        WeightStatisticsFeatures features = WeightStatisticsFeatures.of(model);

        assertThat(features.layerSignature()).isEqualTo("fc1[3,4];fc2[2,3]");
        assertThat(features.missingLayers()).isZero();
        float[] fc1All = new float[15];
        System.arraycopy(fc1, 0, fc1All, 0, 12);
        System.arraycopy(fc1Bias, 0, fc1All, 12, 3);
        LayerStats first = LayerStats.of(fc1All, 0, 15, 1000); // a layer's statistics cover its weight and bias
        LayerStats second = LayerStats.of(fc2, 0, 6, 1000);
        assertThat(features.values()).containsExactly(first.mean(), first.std(), first.q01(), first.q25(), first.q50(),
                first.q75(), first.q99(), second.mean(), second.std(), second.q01(), second.q25(), second.q50(),
                second.q75(), second.q99());
        assertThat(features.values()[0]).isEqualTo(8.0); // mean of 1..15
        assertThat(WeightStatisticsFeatures.featureName(8)).isEqualTo("1.std");
    }

    @Test
    void aLayerWithoutStatisticsIsNaNAndImputedByTheFeatureMean() {
        WeightStatisticsFeatures a = WeightStatisticsFeatures.of(List.of(layer(0, "x", 1.0), layer(1, "y", 2.0)));
        WeightStatisticsFeatures b = WeightStatisticsFeatures.of(List.of(layer(1, "y", 4.0), layer(0, "x", 3.0)));
        WeightStatisticsFeatures sampled = WeightStatisticsFeatures.of(List.of(layer(0, "x", 5.0), layer(1, "y", null)));
        assertThat(b.layerSignature()).isEqualTo(a.layerSignature()).isEqualTo("x[2,2];y[2,2]");
        assertThat(sampled.missingLayers()).isEqualTo(1);
        assertThat(sampled.values()[7]).isNaN();

        double[][] rows = WeightStatisticsFeatures.matrix(List.of(a, b, sampled));
        assertThat(rows[1][0]).isEqualTo(3.0); // b's layers were given out of order
        assertThat(rows[1][7]).isEqualTo(4.0);
        assertThat(rows[2][0]).isEqualTo(5.0);
        assertThat(rows[2][7]).isEqualTo(3.0); // the mean of 2 and 4
    }

    @Test
    void differentArchitecturesDoNotStack() {
        WeightStatisticsFeatures a = WeightStatisticsFeatures.of(List.of(layer(0, "x", 1.0)));
        WeightStatisticsFeatures b = WeightStatisticsFeatures.of(List.of(layer(0, "z", 1.0)));
        assertThatThrownBy(() -> WeightStatisticsFeatures.matrix(List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layerSignature");
    }

    /** A 2x2 layer whose statistics are all {@code value} (none when null). */
    private static TokenizedLayer layer(int index, String name, Double value) {
        Optional<LayerStats> stats = value == null ? Optional.empty()
                : Optional.of(new LayerStats(value, value, value, value, value, value, value));
        return new TokenizedLayer(index, name, name + ".weight", Optional.empty(), new long[] {2, 2}, Dtype.F32, 4, 0, 1,
                value == null ? 0 : 1, stats);
    }
}

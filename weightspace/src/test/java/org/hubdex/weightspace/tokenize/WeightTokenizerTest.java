package org.hubdex.weightspace.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.hubdex.weightspace.safetensors.ByteRangeSource;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.HalfFloats;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.TruncatedSafetensorsException;
import org.junit.jupiter.api.Test;

class WeightTokenizerTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    private static TokenizedModel tokenize(TokenizerConfig config, WeightFile... files) {
        return new WeightTokenizer(config).tokenize(List.of(files), SHA);
    }

    @Test
    void cutsEachLayerWeightsThenBiasIntoPaddedTokensWithPositions() {
        // layer a: 5x2 weight + 2 bias = 12 values -> 3 tokens of 5 (last holds 2); layer b: 3 values -> 1 token
        WeightFile file = Checkpoints.builder().add("b.weight", 3).add("a.weight", 5, 2).add("a.bias", 2).file("m.safetensors");
        TokenizerConfig config = TokenizerConfig.builder().optTokenSize(5).optWindowTokens(1).optMaxTokens(100).build();

        TokenizedModel model = tokenize(config, file);

        assertThat(model.tokenCount()).isEqualTo(4);
        float[] a = concat(Checkpoints.values("a.weight", 5, 2), Checkpoints.values("a.bias", 2));
        float[] b = Checkpoints.values("b.weight", 3);
        assertThat(Arrays.copyOfRange(model.tokens(), 0, 12)).containsExactly(a);
        assertThat(Arrays.copyOfRange(model.tokens(), 12, 15)).containsOnly(0f);
        assertThat(Arrays.copyOfRange(model.tokens(), 15, 18)).containsExactly(b);
        assertThat(Arrays.copyOfRange(model.tokens(), 18, 20)).containsOnly(0f);
        assertThat(model.validValues()).containsExactly(5, 5, 2, 3);
        assertThat(model.positions()).containsExactly(0, 0, 0, 1, 0, 1, 2, 0, 2, 3, 1, 0);
        assertThat(model.maskBytes()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0);
        assertThat(model.sampled()).isFalse();
        assertThat(model.parametersTokenized()).isEqualTo(15).isEqualTo(model.parameterTotal());

        TokenizedLayer layerA = model.layers().get(0);
        assertThat(layerA.name()).isEqualTo("a");
        assertThat(layerA.weightName()).isEqualTo("a.weight");
        assertThat(layerA.biasName()).contains("a.bias");
        assertThat(layerA.firstToken()).isZero();
        assertThat(layerA.tokenCount()).isEqualTo(3);
        assertThat(layerA.tokensEmitted()).isEqualTo(3);
        double mean = 0;
        for (float v : a) {
            mean += v;
        }
        assertThat(layerA.stats().orElseThrow().mean()).isCloseTo(mean / a.length, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(model.layers().get(1).firstToken()).isEqualTo(3);
    }

    @Test
    void readsASmallModelInOneRequestAndOnlyItsTensorData() {
        WeightFile file = Checkpoints.smallCnn(10).file("model.safetensors");
        TokenizedModel model = tokenize(TokenizerConfig.DEFAULT, file);

        assertThat(model.reads()).isEqualTo(1);
        assertThat(model.bytesRead()).isEqualTo(2464 * 4);
        assertThat(model.tokenCount()).isEqualTo(2 + 10 + 1 + 6 + 2); // ceil of 208, 1206, 100, 740, 210 over 128
        assertThat(model.probeX().orElseThrow().layerName()).isEqualTo("classifier.0.weight");
        assertThat(model.probeX().get().rows()).isEqualTo(20);
        assertThat(model.probeX().get().cols()).isEqualTo(36);
        assertThat(model.probeX().get().values()).containsExactly(Checkpoints.values("classifier.0.weight", 20, 36));
    }

    @Test
    void halfPrecisionCheckpointsAreWidenedExactly() {
        float[] values = {1.5f, -0.0009765625f, 65504f, 3.0e-8f};
        WeightFile f16 = Checkpoints.builder().add("w", Dtype.F16, new long[] {4}, values).file("h.safetensors");
        WeightFile bf16 = Checkpoints.builder().add("w", Dtype.BF16, new long[] {4}, values).file("b.safetensors");

        float[] fromF16 = Arrays.copyOf(tokenize(TokenizerConfig.DEFAULT, f16).tokens(), 4);
        float[] fromBf16 = Arrays.copyOf(tokenize(TokenizerConfig.DEFAULT, bf16).tokens(), 4);
        for (int i = 0; i < 4; i++) {
            assertThat(fromF16[i]).isEqualTo(HalfFloats.fromF16(HalfFloats.toF16(values[i])));
            assertThat(fromBf16[i]).isEqualTo(HalfFloats.fromBf16(HalfFloats.toBf16(values[i])));
        }
    }

    @Test
    void aLargeModelIsSampledWithinTheBudgetFetchingOnlyItsWindows() {
        Checkpoints big = Checkpoints.builder();
        for (int l = 0; l < 6; l++) {
            big.add("layers." + l + ".weight", 1024, 512).add("layers." + l + ".bias", 1024);
        }
        byte[] bytes = big.bytes();
        TokenizerConfig config = TokenizerConfig.builder().optMaxTokens(256).optWindowTokens(16).optMaxProbeXElements(1000).build();
        ByteRangeSource source = ByteRangeSource.ofBytes(bytes, "big.safetensors");
        WeightFile file = new WeightFile("big.safetensors", source, SafetensorsReader.readHeader(source));
        long headerBytes = source.bytesRead();

        TokenizedModel model = tokenize(config, file);

        assertThat(model.sampled()).isTrue();
        assertThat(model.tokenCount()).isLessThanOrEqualTo(256);
        assertThat(model.layers()).allSatisfy(l -> assertThat(l.tokensEmitted()).isPositive());
        assertThat(model.probeX()).isEmpty();
        assertThat(model.probeXMissingReason().orElseThrow()).contains("more than 1000 values");
        // 16 windows of 16 tokens (8 KiB each) plus the gaps merged between close windows: a tenth of the file
        assertThat(model.bytesRead()).isLessThan(bytes.length / 10);
        assertThat(source.bytesRead() - headerBytes).isEqualTo(model.bytesRead());
        assertThat(bytes.length).isGreaterThan(12_000_000);
        // every kept token holds the values at its position in the full sequence
        float[] layer0 = concat(Checkpoints.values("layers.0.weight", 1024, 512), Checkpoints.values("layers.0.bias", 1024));
        for (int t = 0; t < model.tokenCount(); t++) {
            if (model.positions()[3 * t + 1] == 0) {
                int k = model.positions()[3 * t + 2];
                assertThat(Arrays.copyOfRange(model.tokens(), t * 128, t * 128 + 128))
                        .containsExactly(Arrays.copyOfRange(layer0, k * 128, k * 128 + 128));
            }
        }
        TokenizedModel again = tokenize(config, new WeightFile("big.safetensors", ByteRangeSource.ofBytes(bytes, "b"), file.header()));
        assertThat(again.positions()).as("same revision, same sample").containsExactly(model.positions());
        assertThat(new WeightTokenizer(config).tokenize(List.of(file), "another-sha").positions())
                .as("another revision, another sample").isNotEqualTo(model.positions());
    }

    @Test
    void aTruncatedFileIsATypedError() {
        byte[] bytes = Checkpoints.smallCnn(10).bytes();
        WeightFile whole = Checkpoints.smallCnn(10).file("m");
        WeightFile cut = new WeightFile("m", ByteRangeSource.ofBytes(Arrays.copyOf(bytes, bytes.length - 100), "m"), whole.header());
        assertThatThrownBy(() -> tokenize(TokenizerConfig.DEFAULT, cut))
                .isInstanceOf(TruncatedSafetensorsException.class).hasMessageContaining("ended after");
    }

    @Test
    void nonFiniteWeightsAreRefused() {
        WeightFile file = Checkpoints.builder().add("w", Dtype.F32, new long[] {3}, new float[] {1, Float.NaN, 2}).file("nan");
        assertThatThrownBy(() -> tokenize(TokenizerConfig.DEFAULT, file))
                .isInstanceOf(NonFiniteWeightsException.class).hasMessageContaining("layer w");
    }

    @Test
    void aCheckpointOfBuffersOnlyHasNothingToTokenize() {
        WeightFile file = Checkpoints.builder().addRaw("bn.num_batches_tracked", Dtype.I64, new long[0], new byte[8]).file("buf");
        assertThatThrownBy(() -> tokenize(TokenizerConfig.DEFAULT, file))
                .isInstanceOf(NoTokenizableLayersException.class).hasMessageContaining("num_batches_tracked");
    }

    @Test
    void convolutionKernelsReachProbeXAsOutputUnitsByInputs() {
        TokenizerConfig config = TokenizerConfig.builder().optProbeXLayer("features\\.3").build();
        ProbeXMatrix x = tokenize(config, Checkpoints.smallCnn(10).file("m")).probeX().orElseThrow();
        assertThat(x.rows()).isEqualTo(6);
        assertThat(x.cols()).isEqualTo(8 * 5 * 5);
        assertThat(x.sourceShape()).containsExactly(6, 8, 5, 5);
        assertThat(x.values()).containsExactly(Checkpoints.values("features.3.weight", 6, 8, 5, 5));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

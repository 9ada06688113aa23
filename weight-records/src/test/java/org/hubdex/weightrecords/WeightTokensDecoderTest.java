package org.hubdex.weightrecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.MalformedWeightTokensException;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.weightspace.safetensors.ByteRangeSource;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.HalfFloats;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.tokenize.LayerStats;
import org.hubdex.weightspace.tokenize.TokenPrecision;
import org.hubdex.weightspace.tokenize.TokenizedLayer;
import org.hubdex.weightspace.tokenize.TokenizedModel;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;
import org.junit.jupiter.api.Test;

/** Tokenizer output, encoded, sent through the topic codec and decoded, is the tokenizer output again. */
class WeightTokensDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String TOPIC = Topic.WEIGHT_TOKENS.topicName();

    /** An MLP (784-64-32-10) with random weights, as a safetensors file in memory, tokenized. */
    private static TokenizedModel mlp(TokenizerConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SafetensorsWriter writer = SafetensorsWriter.create();
        int[][] dims = {{64, 784}, {32, 64}, {10, 32}};
        for (int l = 0; l < dims.length; l++) {
            int rows = dims[l][0];
            int cols = dims[l][1];
            writer.addTensor("net." + (2 * l) + ".weight", Dtype.F32, new long[] {rows, cols}, gaussian(random, rows * cols));
            writer.addTensor("net." + (2 * l) + ".bias", Dtype.F32, new long[] {rows}, gaussian(random, rows));
        }
        ByteRangeSource source = ByteRangeSource.ofBytes(writer.toBytes(), "model.safetensors");
        return new WeightTokenizer(config).tokenize(
                List.of(new WeightFile("model.safetensors", source, SafetensorsReader.readHeader(source))), "sha-" + seed);
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble(-1, 1) * 0.1);
        }
        return v;
    }

    /** Encode, then through the topic's own codec (the bytes a consumer receives), then decode. */
    private static DecodedTokens roundTrip(TokenizedModel model) {
        WeightTokens record = WeightTokensEncoder.encode("zoo/mlp", "abc123", List.of("model.safetensors"), model, NOW);
        AvroCodec<WeightTokens> codec = AvroCodec.of(WeightTokens.class);
        return WeightTokensDecoder.decode(codec.decode(TOPIC, codec.encode(TOPIC, record)));
    }

    @Test
    void aWholeModelComesBackWithTheSameTokensMatrixAndStatistics() {
        long seed = 20261125L;
        TokenizedModel model = mlp(TokenizerConfig.DEFAULT, seed);

        DecodedTokens decoded = roundTrip(model);

        assertThat(decoded.modelId()).isEqualTo("zoo/mlp");
        assertThat(decoded.sha()).isEqualTo("abc123");
        assertThat(decoded.tokenizerVersion()).isEqualTo(TokenizerConfig.TOKENIZER_VERSION);
        assertThat(decoded.tokens().tokenCount()).isEqualTo(model.tokenCount());
        assertThat(decoded.tokens().tokenSize()).isEqualTo(model.tokenSize());
        assertThat(decoded.tokens().values()).containsExactly(model.tokens());
        assertThat(decoded.tokens().mask()).containsExactly(model.maskBytes());
        assertThat(decoded.tokens().positions()).containsExactly(model.positions());

        var probeX = decoded.probeX().orElseThrow();
        var expected = model.probeX().orElseThrow();
        assertThat(probeX.layerName()).isEqualTo(expected.layerName());
        assertThat(probeX.rows()).isEqualTo(expected.rows());
        assertThat(probeX.cols()).isEqualTo(expected.cols());
        assertThat(probeX.sourceShape()).containsExactly(expected.sourceShape());
        assertThat(probeX.values()).containsExactly(expected.values());

        assertThat(decoded.layers()).hasSameSizeAs(model.layers()).hasSize(3);
        for (int i = 0; i < model.layers().size(); i++) {
            TokenizedLayer want = model.layers().get(i);
            LayerSummary got = decoded.layers().get(i);
            assertThat(got.index()).isEqualTo(want.index());
            assertThat(got.name()).isEqualTo(want.weightName());
            assertThat(got.shape()).containsExactly(want.shape());
            assertThat(got.stats()).isEqualTo(want.stats()).isPresent();
        }
        LayerStats first = decoded.layers().get(0).stats().orElseThrow();
        assertThat(first.std()).as("statistics of real values, not of zeros").isGreaterThan(0.01);
    }

    @Test
    void aSampledModelKeepsItsPositionGapsAndLayersWithoutStatistics() {
        // 1,024 tokens in windows of 4, budget 8: most layers keep no window and so have no statistics
        TokenizerConfig config = TokenizerConfig.builder().optTokenSize(64).optMaxTokens(8).optWindowTokens(4).build();
        TokenizedModel model = mlp(config, 7);
        assertThat(model.sampled()).isTrue();

        DecodedTokens decoded = roundTrip(model);

        assertThat(decoded.tokens().tokenCount()).isEqualTo(model.tokenCount()).isLessThanOrEqualTo(8);
        assertThat(decoded.tokens().values()).containsExactly(model.tokens());
        assertThat(decoded.tokens().positions()).containsExactly(model.positions());
        assertThat(decoded.layers().stream().map(LayerSummary::stats).toList())
                .isEqualTo(model.layers().stream().map(TokenizedLayer::stats).toList())
                .as("some layer kept no window").contains(java.util.Optional.empty());
    }

    @Test
    void float16RecordsDecodeToTheNearestHalfOfEachValue() {
        TokenizedModel model = mlp(TokenizerConfig.builder().optPrecision(TokenPrecision.FLOAT16).build(), 3);

        DecodedTokens decoded = roundTrip(model);

        float[] halves = new float[model.tokens().length];
        for (int i = 0; i < halves.length; i++) {
            halves[i] = HalfFloats.fromF16(HalfFloats.toF16(model.tokens()[i]));
        }
        assertThat(decoded.tokens().values()).containsExactly(halves);
        float[] probeHalves = model.probeX().orElseThrow().values().clone();
        for (int i = 0; i < probeHalves.length; i++) {
            probeHalves[i] = HalfFloats.fromF16(HalfFloats.toF16(probeHalves[i]));
        }
        assertThat(decoded.probeX().orElseThrow().values()).containsExactly(probeHalves);
    }

    @Test
    void aRecordWithoutProbeXDecodesToAnEmptyMatrix() {
        TokenizedModel model = mlp(TokenizerConfig.builder().optMaxProbeXElements(16).build(), 5);
        assertThat(model.probeX()).as("every candidate is over 16 values").isEmpty();

        assertThat(roundTrip(model).probeX()).isEmpty();
    }

    @Test
    void aMalformedRecordFailsWithItsModelAndSha() {
        WeightTokens record = WeightTokensEncoder.encode("zoo/mlp", "abc123", List.of(), mlp(TokenizerConfig.DEFAULT, 1), NOW);
        record.getProbeX().setSourceShape(List.of(3L, 3L));
        assertThatThrownBy(() -> WeightTokensDecoder.decode(record)).isInstanceOf(MalformedWeightTokensException.class)
                .hasMessageContaining("zoo/mlp@abc123").hasMessageContaining("source shape [3, 3]");

        WeightTokens shortTokens = WeightTokensEncoder.encode("zoo/mlp", "abc123", List.of(), mlp(TokenizerConfig.DEFAULT, 1), NOW);
        shortTokens.setTokens(java.nio.ByteBuffer.wrap(Arrays.copyOf(shortTokens.getTokens().array(), 12)));
        assertThatThrownBy(() -> WeightTokensDecoder.decode(shortTokens)).isInstanceOf(MalformedWeightTokensException.class)
                .hasMessageContaining("field tokens has 12 bytes");
    }
}

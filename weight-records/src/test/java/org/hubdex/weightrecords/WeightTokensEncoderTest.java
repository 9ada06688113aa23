package org.hubdex.weightrecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.hubdex.schemas.MalformedWeightTokensException;
import org.hubdex.schemas.TokenTensor;
import org.hubdex.schemas.WeightTokensTensors;
import org.hubdex.schemas.avro.TokenDtype;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.weightspace.safetensors.ByteRangeSource;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.HalfFloats;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.tokenize.TokenPrecision;
import org.hubdex.weightspace.tokenize.TokenizedModel;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;
import org.junit.jupiter.api.Test;

class WeightTokensEncoderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    /** The zoo's small CNN with a 4-class head, as a safetensors file in memory. */
    private static TokenizedModel cnn(TokenizerConfig config) {
        SafetensorsWriter writer = SafetensorsWriter.create();
        long[][] shapes = {{8, 1, 5, 5}, {8}, {6, 8, 5, 5}, {6}, {4, 6, 2, 2}, {4}, {20, 36}, {20}, {4, 20}, {4}};
        String[] names = {"features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias", "features.6.weight",
            "features.6.bias", "classifier.0.weight", "classifier.0.bias", "classifier.2.weight", "classifier.2.bias"};
        for (int t = 0; t < names.length; t++) {
            int n = (int) java.util.Arrays.stream(shapes[t]).reduce(1, Math::multiplyExact);
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (t + 1) * 0.01f + i * 1e-4f;
            }
            writer.addTensor(names[t], Dtype.F32, shapes[t], values);
        }
        ByteRangeSource source = ByteRangeSource.ofBytes(writer.toBytes(), "model.safetensors");
        return new WeightTokenizer(config).tokenize(
                List.of(new WeightFile("model.safetensors", source, SafetensorsReader.readHeader(source))), "abc");
    }

    @Test
    void float32RecordsDecodeToTheExactTokensMaskAndPositions() {
        TokenizedModel model = cnn(TokenizerConfig.DEFAULT);
        WeightTokens record = WeightTokensEncoder.encode("zoo/cnn", "abc", List.of("model.safetensors"), model, NOW);

        TokenTensor tensor = WeightTokensTensors.decode(record);

        assertThat(record.getTokenDtype()).isEqualTo(TokenDtype.FLOAT32);
        assertThat(record.getTokenizerVersion()).isEqualTo(TokenizerConfig.TOKENIZER_VERSION);
        assertThat(tensor.values()).containsExactly(model.tokens());
        assertThat(tensor.mask()).containsExactly(model.maskBytes());
        assertThat(tensor.positions()).containsExactly(model.positions());
        assertThat(record.getLayers()).hasSize(5);
        assertThat(record.getLayers().get(3).getName()).isEqualTo("classifier.0.weight");
        assertThat(record.getLayers().get(3).getBiasName()).isEqualTo("classifier.0.bias");
        assertThat(record.getLayers().get(3).getTokensEmitted()).isEqualTo(record.getLayers().get(3).getTokenCount());
        assertThat(WeightTokensTensors.probeXValues(record.getProbeX())).containsExactly(model.probeX().orElseThrow().values());
        assertThat(record.getProbeX().getSourceShape()).containsExactly(20L, 36L);
        assertThat(record.getTensorBytesRead()).isEqualTo(model.bytesRead());
        assertThat(record.getParametersTokenized()).isEqualTo(record.getParameterTotal()).isEqualTo(2464 - 10 * 20 - 10 + 4 * 20 + 4);
    }

    @Test
    void float16RecordsHoldTheNearestHalfOfEachValue() {
        TokenizedModel model = cnn(TokenizerConfig.builder().optPrecision(TokenPrecision.FLOAT16).build());
        WeightTokens record = WeightTokensEncoder.encode("zoo/cnn", "abc", List.of("model.safetensors"), model, NOW);

        float[] decoded = WeightTokensTensors.decode(record).values();

        assertThat(record.getTokens().remaining()).isEqualTo(model.tokens().length * 2);
        for (int i = 0; i < decoded.length; i++) {
            assertThat(decoded[i]).isEqualTo(HalfFloats.fromF16(HalfFloats.toF16(model.tokens()[i])));
        }
    }

    @Test
    void aRecordWhoseBytesDoNotMatchItsShapeIsRefused() {
        WeightTokens record = WeightTokensEncoder.encode("zoo/cnn", "abc", List.of(), cnn(TokenizerConfig.DEFAULT), NOW);
        record.setMask(ByteBuffer.allocate(3));
        assertThatThrownBy(() -> WeightTokensTensors.decode(record))
                .isInstanceOf(MalformedWeightTokensException.class).hasMessageContaining("field mask has 3 bytes");
    }
}

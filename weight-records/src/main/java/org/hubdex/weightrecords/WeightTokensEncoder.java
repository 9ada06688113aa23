package org.hubdex.weightrecords;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.hubdex.schemas.avro.LayerInfo;
import org.hubdex.schemas.avro.ProbeXLayer;
import org.hubdex.schemas.avro.SkippedTensor;
import org.hubdex.schemas.avro.TokenDtype;
import org.hubdex.schemas.WeightTokensTensors;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.weightspace.safetensors.HalfFloats;
import org.hubdex.weightspace.tokenize.TokenPrecision;
import org.hubdex.weightspace.tokenize.TokenizedLayer;
import org.hubdex.weightspace.tokenize.TokenizedModel;
import org.hubdex.weightspace.tokenize.TokenizerConfig;

/**
 * Writes a {@link TokenizedModel} as the {@code hub.weight-tokens} record ({@link WeightTokens}), in the
 * byte layout documented in {@code schemas/README.md} (little-endian, row-major; mask one byte per value;
 * positions int32 {@code [n, 3]}). {@link org.hubdex.schemas.WeightTokensTensors} reads it back.
 *
 * <p>Stateless and thread-safe.
 */
public final class WeightTokensEncoder {

    private WeightTokensEncoder() {
    }

    /**
     * The record of {@code model}, the tokens of revision {@code sha} of {@code modelId}.
     *
     * @param weightFiles the repository paths of the files tokenized, in shard order
     * @param createdAt when the tokens were produced
     */
    public static WeightTokens encode(String modelId, String sha, List<String> weightFiles, TokenizedModel model,
            Instant createdAt) {
        TokenizerConfig config = model.config();
        TokenDtype dtype = config.precision() == TokenPrecision.FLOAT16 ? TokenDtype.FLOAT16 : TokenDtype.FLOAT32;
        WeightTokens.Builder record = WeightTokens.newBuilder()
                .setModelId(Objects.requireNonNull(modelId, "modelId"))
                .setSha(Objects.requireNonNull(sha, "sha"))
                .setTokenizerVersion(TokenizerConfig.TOKENIZER_VERSION)
                .setTokenizerConfig(org.hubdex.schemas.avro.TokenizerConfig.newBuilder()
                        .setTokenSize(config.tokenSize())
                        .setMaxTokens(config.maxTokens())
                        .setSampled(model.sampled())
                        .setSampleSeed(model.sampleSeed().isPresent() ? model.sampleSeed().getAsLong() : null)
                        .setWindowTokens(config.windowTokens())
                        .setMaxProbeXElements(config.maxProbeXElements())
                        .setProbeXLayerPattern(config.probeXLayer().map(java.util.regex.Pattern::pattern).orElse(null))
                        .build())
                .setTokenDtype(dtype)
                .setTokenCount(model.tokenCount())
                .setTokens(floats(model.tokens(), dtype))
                .setMask(ByteBuffer.wrap(model.maskBytes()))
                .setPositions(ints(model.positions()))
                .setLayers(model.layers().stream().map(WeightTokensEncoder::layerInfo).toList())
                .setSkippedTensors(model.skipped().stream()
                        .map(s -> SkippedTensor.newBuilder().setName(s.name()).setReason(s.reason()).build()).toList())
                .setProbeX(model.probeX().map(p -> ProbeXLayer.newBuilder()
                        .setLayerName(p.layerName())
                        .setRows(p.rows())
                        .setCols(p.cols())
                        .setDtype(dtype)
                        .setValues(floats(p.values(), dtype))
                        .setSourceShape(Arrays.stream(p.sourceShape()).boxed().toList())
                        .build()).orElse(null))
                .setProbeXMissingReason(model.probeXMissingReason().orElse(null))
                .setWeightFiles(List.copyOf(weightFiles))
                .setTensorBytesRead(model.bytesRead())
                .setParameterTotal(model.parameterTotal())
                .setParametersTokenized(model.parametersTokenized())
                .setCreatedAt(createdAt);
        return record.build();
    }

    private static LayerInfo layerInfo(TokenizedLayer layer) {
        return LayerInfo.newBuilder()
                .setName(layer.weightName())
                .setLayerIndex(layer.index())
                .setShape(Arrays.stream(layer.shape()).boxed().toList())
                .setSourceDtype(layer.sourceDtype().name())
                .setElementCount(layer.elementCount())
                .setFirstToken(Math.toIntExact(layer.firstToken()))
                .setTokenCount(Math.toIntExact(layer.tokenCount()))
                .setStats(layer.stats().map(s -> org.hubdex.schemas.avro.LayerStats.newBuilder()
                        .setMean(s.mean()).setStd(s.std()).setQ01(s.q01()).setQ25(s.q25()).setQ50(s.q50())
                        .setQ75(s.q75()).setQ99(s.q99()).build()).orElse(null))
                .setBiasName(layer.biasName().orElse(null))
                .setTokensEmitted(layer.tokensEmitted())
                .build();
    }

    private static ByteBuffer floats(float[] values, TokenDtype dtype) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * WeightTokensTensors.width(dtype)).order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == TokenDtype.FLOAT16) {
            for (float v : values) {
                buffer.putShort(HalfFloats.toF16(v));
            }
        } else {
            buffer.asFloatBuffer().put(values);
            buffer.position(buffer.capacity());
        }
        return buffer.flip();
    }

    private static ByteBuffer ints(int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return buffer;
    }

}

package org.hubdex.trainer.corpus;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.weightrecords.WeightTokensEncoder;
import org.hubdex.weightspace.safetensors.ByteRangeSource;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.SafetensorsReader;
import org.hubdex.weightspace.safetensors.SafetensorsWriter;
import org.hubdex.weightspace.tokenize.TokenizedModel;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.hubdex.weightspace.tokenize.WeightFile;
import org.hubdex.weightspace.tokenize.WeightTokenizer;

/** Small real tokens records and facts for the corpus tests. */
final class TestRecords {

    static final AvroCodec<WeightTokens> CODEC = AvroCodec.of(WeightTokens.class);
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private TestRecords() {
    }

    /** A 2-layer MLP whose values depend on {@code seed}, as safetensors bytes. */
    static byte[] safetensors(int seed) {
        SafetensorsWriter w = SafetensorsWriter.create();
        w.addTensor("fc1.weight", Dtype.F32, new long[] {6, 10}, values(60, seed));
        w.addTensor("fc1.bias", Dtype.F32, new long[] {6}, values(6, seed + 1));
        w.addTensor("fc2.weight", Dtype.F32, new long[] {3, 6}, values(18, seed + 2));
        return w.toBytes();
    }

    static void writeSafetensors(Path file, int seed) {
        SafetensorsWriter w = SafetensorsWriter.create();
        w.addTensor("fc1.weight", Dtype.F32, new long[] {6, 10}, values(60, seed));
        w.addTensor("fc1.bias", Dtype.F32, new long[] {6}, values(6, seed + 1));
        w.addTensor("fc2.weight", Dtype.F32, new long[] {3, 6}, values(18, seed + 2));
        w.write(file);
    }

    static float[] values(int n, int seed) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(seed * 31 + i) * 0.2f;
        }
        return v;
    }

    static TokenizedModel tokenized(int seed, String sha) {
        ByteRangeSource source = ByteRangeSource.ofBytes(safetensors(seed), "model.safetensors");
        return new WeightTokenizer(TokenizerConfig.DEFAULT).tokenize(
                List.of(new WeightFile("model.safetensors", source, SafetensorsReader.readHeader(source))), sha);
    }

    static WeightTokens record(String modelId, String sha, int seed) {
        return WeightTokensEncoder.encode(modelId, sha, List.of("model.safetensors"), tokenized(seed, sha), T0);
    }

    /** The single-object bytes of a tokens record, as a consumer receives them. */
    static byte[] bytes(String modelId, String sha, int seed) {
        return CODEC.encode(Topic.WEIGHT_TOKENS.topicName(), record(modelId, sha, seed));
    }

    static String sha(int n) {
        return String.format("%040x", n);
    }

    static ModelFacts facts(String modelId, String sha, Optional<Instant> lastModified, Instant ingestedAt) {
        return new ModelFacts(modelId, sha, Optional.of(modelId.substring(0, modelId.indexOf('/'))), Optional.of(T0), lastModified,
                List.of("pytorch", "license:mit"), Optional.of("image-classification"), Optional.of("pytorch"),
                List.of("org/base"), List.of("fashion_mnist"), Optional.of("mit"), List.of("Shirt", "Trouser", "Bag"),
                Optional.of("# A card\n\nIt sorts clothes. ✓"), new ModelFacts.Documented(true, true, true),
                new ModelFacts.Source(ModelFacts.SourceKind.KAFKA, "hub.weight-tokens/0/" + sha.hashCode(), ModelFacts.MetadataOrigin.MODEL_EVENT),
                ingestedAt);
    }
}

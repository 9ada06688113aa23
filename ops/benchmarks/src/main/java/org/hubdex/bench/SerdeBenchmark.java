package org.hubdex.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.hubdex.schemas.AvroCodec;
import org.hubdex.schemas.Topic;
import org.hubdex.schemas.avro.CardData;
import org.hubdex.schemas.avro.CategoryScore;
import org.hubdex.schemas.avro.LayerInfo;
import org.hubdex.schemas.avro.LayerStats;
import org.hubdex.schemas.avro.ModelEmbedding;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.ModelFile;
import org.hubdex.schemas.avro.Routing;
import org.hubdex.schemas.avro.RoutingMethod;
import org.hubdex.schemas.avro.TokenDtype;
import org.hubdex.schemas.avro.TokenizerConfig;
import org.hubdex.schemas.avro.WeightTokens;

/**
 * {@code ops/bench serde}: encode and decode throughput of the topic codecs ({@link AvroCodec}: the
 * single-object header, fingerprint lookup in the released-schema store, schema resolution) against
 * a baseline measured in the same run: plain Avro binary of the same records with a
 * {@code SpecificDatumWriter}/{@code SpecificDatumReader} and no header. The ratio is what the
 * header and the store cost; the absolute figures say how many records a stage can move per core.
 *
 * <p>Records are shaped like production ones: a model event with 40 files and 20 tags; the tokens
 * of a 131k-parameter model (1,024 tokens of 128 float16 values with mask and positions, about
 * 400 KB); an embedding with 384-d backbone and text vectors.
 */
final class SerdeBenchmark {

    private SerdeBenchmark() {
    }

    static String run(Rounds rounds) throws Exception {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"record", "bytes", "op", "codec ops/s", "codec MB/s", "plain Avro ops/s", "codec/plain"});
        bench(rows, rounds, Topic.MODEL_EVENTS, ModelEvent.class, modelEvent());
        bench(rows, rounds, Topic.WEIGHT_TOKENS, WeightTokens.class, weightTokens(1024, 128));
        bench(rows, rounds, Topic.MODEL_EMBEDDINGS, ModelEmbedding.class, modelEmbedding(384));
        return Table.render(rows);
    }

    private static <T extends SpecificRecord> void bench(List<String[]> rows, Rounds rounds, Topic topic,
            Class<T> type, T record) throws Exception {
        AvroCodec<T> codec = AvroCodec.of(type);
        PlainAvro<T> plain = new PlainAvro<>(type);
        byte[] encoded = codec.encode(topic.topicName(), record);
        byte[] plainEncoded = plain.encode(record);
        if (!codec.decode(topic.topicName(), encoded).equals(record) || !plain.decode(plainEncoded).equals(record)) {
            throw new IllegalStateException("benchmark record of " + type.getSimpleName() + " does not round-trip");
        }
        String name = type.getSimpleName();
        Measurement[] enc = rounds.measurePair(name + " encode (codec)", encoded.length, () -> codec.encode(topic.topicName(), record),
                name + " encode (plain)", plainEncoded.length, () -> plain.encode(record));
        Measurement[] dec = rounds.measurePair(name + " decode (codec)", encoded.length, () -> codec.decode(topic.topicName(), encoded),
                name + " decode (plain)", plainEncoded.length, () -> plain.decode(plainEncoded));
        rows.add(row(name, encoded.length, "encode", enc[0], enc[1]));
        rows.add(row(name, encoded.length, "decode", dec[0], dec[1]));
    }

    private static String[] row(String name, int bytes, String op, Measurement codec, Measurement plain) {
        return new String[] {name, String.valueOf(bytes), op, String.format("%,.0f", codec.medianOpsPerSecond()),
            String.format("%,.1f", codec.medianMegabytesPerSecond()), String.format("%,.0f", plain.medianOpsPerSecond()),
            String.format("%.2f", codec.medianOpsPerSecond() / plain.medianOpsPerSecond())};
    }

    /** The baseline: Avro binary without header or store, reusing encoder and decoder objects. */
    private static final class PlainAvro<T extends SpecificRecord> {
        private final SpecificDatumWriter<T> writer;
        private final SpecificDatumReader<T> reader;
        private BinaryEncoder encoder;
        private BinaryDecoder decoder;

        PlainAvro(Class<T> type) {
            this.writer = new SpecificDatumWriter<>(type);
            this.reader = new SpecificDatumReader<>(type);
        }

        byte[] encode(T record) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            encoder = EncoderFactory.get().binaryEncoder(out, encoder);
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        }

        T decode(byte[] bytes) throws Exception {
            decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
            return reader.read(null, decoder);
        }
    }

    static ModelEvent modelEvent() {
        List<ModelFile> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            files.add(ModelFile.newBuilder().setPath("model-" + String.format("%05d", i) + "-of-00040.safetensors")
                    .setSize(4_900_000_000L + i).setLfsSha256(String.format("%064x", i * 7919L)).build());
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tags.add("tag-" + i);
        }
        return ModelEvent.newBuilder()
                .setKind(ModelEventKind.CREATED).setModelId("acme/llama-finetune-footwear").setSha("0123456789abcdef0123456789abcdef01234567")
                .setHubUrl("https://huggingface.co").setAuthor("acme")
                .setCreatedAt(Instant.parse("2026-11-25T10:00:00Z")).setLastModified(Instant.parse("2026-11-25T10:05:00Z"))
                .setObservedAt(Instant.parse("2026-11-25T10:05:01Z")).setTags(tags)
                .setPipelineTag("image-classification").setLibraryName("transformers")
                .setCardData(CardData.newBuilder().setBaseModels(List.of("acme/base")).setLicense("apache-2.0")
                        .setDatasets(List.of("fashion_mnist")).setLanguages(List.of("en")).build())
                .setFiles(files).setParametersByDtype(Map.of("BF16", 70_000_000_000L)).setParameterTotal(70_000_000_000L)
                .build();
    }

    static WeightTokens weightTokens(int tokenCount, int tokenSize) {
        Random random = new Random(7);
        int values = tokenCount * tokenSize;
        ByteBuffer tokens = ByteBuffer.allocate(values * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer mask = ByteBuffer.allocate(values);
        for (int i = 0; i < values; i++) {
            tokens.putShort((short) random.nextInt(1 << 16));
            mask.put((byte) 1);
        }
        ByteBuffer positions = ByteBuffer.allocate(tokenCount * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        List<LayerInfo> layers = new ArrayList<>();
        int perLayer = tokenCount / 8;
        for (int t = 0; t < tokenCount; t++) {
            positions.putInt(t).putInt(t / perLayer).putInt(t % perLayer);
        }
        for (int l = 0; l < 8; l++) {
            layers.add(LayerInfo.newBuilder().setName("features." + l + ".weight").setLayerIndex(l)
                    .setShape(List.of(128L, (long) perLayer)).setSourceDtype("F32").setElementCount(128L * perLayer)
                    .setFirstToken(l * perLayer).setTokenCount(perLayer)
                    .setStats(LayerStats.newBuilder().setMean(0).setStd(0.02).setQ01(-0.05).setQ25(-0.01)
                            .setQ50(0).setQ75(0.01).setQ99(0.05).build())
                    .build());
        }
        return WeightTokens.newBuilder()
                .setModelId("acme/cnn").setSha("0123456789abcdef0123456789abcdef01234567").setTokenizerVersion("bench")
                .setTokenizerConfig(TokenizerConfig.newBuilder().setTokenSize(tokenSize).setMaxTokens(4096).build())
                .setTokenDtype(TokenDtype.FLOAT16).setTokenCount(tokenCount)
                .setTokens(tokens.flip()).setMask(mask.flip()).setPositions(positions.flip()).setLayers(layers)
                .setParameterTotal((long) values).setParametersTokenized((long) values)
                .setCreatedAt(Instant.parse("2026-11-25T10:05:02Z"))
                .build();
    }

    static ModelEmbedding modelEmbedding(int dims) {
        Random random = new Random(11);
        List<Float> backbone = new ArrayList<>();
        List<Float> text = new ArrayList<>();
        for (int i = 0; i < dims; i++) {
            backbone.add(random.nextFloat());
            text.add(random.nextFloat());
        }
        return ModelEmbedding.newBuilder()
                .setModelId("acme/cnn").setSha("0123456789abcdef0123456789abcdef01234567").setModelVersion("v1")
                .setBackbone(backbone).setTextEmbedding(text)
                .setCategories(List.of(CategoryScore.newBuilder().setCategory("sneaker").setProbability(0.93).build()))
                .setTree("acme/base").setRouting(Routing.newBuilder().setMethod(RoutingMethod.WEIGHTS).setConfidence(0.9).build())
                .setTokenizerVersion("bench").setEmbeddedAt(Instant.parse("2026-11-25T10:05:03Z"))
                .build();
    }

    static Rounds defaultRounds() {
        return new Rounds(Duration.ofSeconds(2), Duration.ofMillis(300), 11);
    }
}

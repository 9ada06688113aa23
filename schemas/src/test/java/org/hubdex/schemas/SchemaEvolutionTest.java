package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.hubdex.schemas.avro.GatedMode;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.ModelFile;
import org.hubdex.schemas.internal.Fingerprints;
import org.junit.jupiter.api.Test;

/**
 * Records written with an older schema decode through the store into the current reader, with the
 * fields the old writer lacked set to their defaults.
 */
class SchemaEvolutionTest {
    private static final ReleasedSchemaStore STORE = ReleasedSchemaStore.standard();
    private static final String TOPIC = Topic.MODEL_EVENTS.topicName();

    /** The store as Avro's own {@code SchemaStore}: a v2 reader resolves a v1 writer by fingerprint. */
    @Test
    void avroDecoderResolvesAnOlderWriterThroughTheStore() throws IOException {
        Schema v1 = testSchema("evolution/Probe-v1.avsc");
        Schema v2 = testSchema("evolution/Probe-v2.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("modelId", "google/vit-base-patch16-224");
        old.put("count", 7L);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);

        GenericRecord read = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v2, STORE.withWriterSchema(v1))
                .decode(bytes);

        assertThat(read.getSchema()).isEqualTo(v2);
        assertThat(read.get("modelId")).hasToString("google/vit-base-patch16-224");
        assertThat(read.get("count")).isEqualTo(7L);
        assertThat(read.get("library")).isNull();
        assertThat(read.get("weight")).isEqualTo(1.5);
    }

    @Test
    void withWriterSchemaLeavesTheOriginalStoreAlone() throws IOException {
        Schema v1 = testSchema("evolution/Probe-v1.avsc");

        assertThat(STORE.withWriterSchema(v1).findByFingerprint(Fingerprints.of(v1))).isEqualTo(v1);
        assertThat(STORE.findByFingerprint(Fingerprints.of(v1))).isNull();
    }

    /** An early, smaller ModelEvent, written by Avro's encoder, read into today's generated class. */
    @Test
    void currentModelEventReadsAnOlderProducer() throws IOException {
        Schema draft = testSchema("evolution/ModelEvent-draft.avsc");
        Schema fileSchema = draft.getField("files").schema().getElementType();
        GenericRecord file = new GenericData.Record(fileSchema);
        file.put("path", "model.safetensors");
        file.put("size", 1024L);
        GenericRecord old = new GenericData.Record(draft);
        old.put("kind", new GenericData.EnumSymbol(draft.getField("kind").schema(), "UPDATED"));
        old.put("modelId", "google/vit-base-patch16-224");
        old.put("sha", "3f49326e");
        old.put("hubUrl", "https://huggingface.co");
        old.put("observedAt", SampleRecords.T0.toEpochMilli());
        old.put("tags", List.of("vit"));
        old.put("files", List.of(file));
        byte[] bytes = toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), draft).encode(old));

        ModelEvent read = AvroCodec.of(ModelEvent.class, STORE.withWriterSchema(draft)).decode(TOPIC, bytes);

        assertThat(read.getKind()).isEqualTo(ModelEventKind.UPDATED);
        assertThat(read.getModelId()).isEqualTo("google/vit-base-patch16-224");
        assertThat(read.getSha()).isEqualTo("3f49326e");
        assertThat(read.getObservedAt()).isEqualTo(Instant.parse("2026-11-25T12:00:00.123Z"));
        assertThat(read.getTags()).containsExactly("vit");
        assertThat(read.getFiles()).containsExactly(
                ModelFile.newBuilder().setPath("model.safetensors").setSize(1024L).setLfsSha256(null).build());
        // Everything the draft lacked comes from the current schema's defaults.
        assertThat(read.getUnavailableReason()).isNull();
        assertThat(read.getCardData()).isNull();
        assertThat(read.getParametersByDtype()).isEqualTo(Map.of());
        assertThat(read.getGated()).isEqualTo(GatedMode.NONE);
        assertThat(read.getPrivateRepo()).isFalse();
        assertThat(read.getDownloads()).isNull();
    }

    @Test
    void olderProducerUnknownToTheStoreIsAnUnknownSchema() throws IOException {
        Schema draft = testSchema("evolution/ModelEvent-draft.avsc");
        GenericRecord old = new GenericData.Record(draft);
        old.put("kind", new GenericData.EnumSymbol(draft.getField("kind").schema(), "CREATED"));
        old.put("modelId", "m");
        old.put("hubUrl", "https://huggingface.co");
        old.put("observedAt", 0L);
        old.put("tags", List.of());
        old.put("files", List.of());
        byte[] bytes = toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), draft).encode(old));

        assertThatThrownBy(() -> AvroCodec.of(ModelEvent.class).decode(TOPIC, bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining(Fingerprints.hex(Fingerprints.of(draft)));
    }

    /**
     * Random records written with every released version of every record read into the current
     * class; where the current schema can also be read back as the released one, nothing is lost.
     */
    @Test
    void currentSchemasReadRandomDataOfEveryReleasedVersion() throws IOException {
        long seed = Long.getLong("hubdex.test.seed", System.nanoTime());
        System.out.println("SchemaEvolutionTest random seed: " + seed + " (rerun with -Dhubdex.test.seed=" + seed + ")");
        RandomDatum random = new RandomDatum(seed);
        for (Topic topic : Topic.values()) {
            AvroCodec<SpecificRecord> codec = RoundTripTest.codecOf(topic);
            for (ReleasedSchema version : STORE.released(topic.valueType())) {
                boolean projectable = SchemaCompatibility.checkReaderWriterCompatibility(version.schema(), codec.schema())
                        .getType() == SchemaCompatibilityType.COMPATIBLE;
                for (int i = 0; i < 25; i++) {
                    GenericRecord written = (GenericRecord) random.next(version.schema());
                    String where = version + " record " + i + " (seed " + seed + ")";

                    SpecificRecord read = codec.decode(topic.topicName(), encode(version, written));

                    assertThat(read).as(where).isInstanceOf(topic.valueType());
                    if (projectable) {
                        assertThat(readAs(version.schema(), codec, codec.encode(topic.topicName(), read)))
                                .as(where).isEqualTo(written);
                    }
                }
            }
        }
    }

    /** Single-object encoding by hand with Avro's generic writer: header, then the body. */
    private static byte[] encode(ReleasedSchema version, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xC3, 0x01});
        for (int i = 0; i < 8; i++) {
            out.write((int) (version.fingerprint() >>> (8 * i)));
        }
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(version.schema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Reads current-schema bytes back as the released schema, generically. */
    private static GenericRecord readAs(Schema released, AvroCodec<?> codec, byte[] payload) throws IOException {
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(codec.schema(), released);
        GenericRecord record = reader.read(null, DecoderFactory.get().binaryDecoder(payload, 10, payload.length - 10, null));
        assertThat(record.getSchema().getFullName()).isEqualTo(released.getFullName());
        return record;
    }

    private static Schema testSchema(String resource) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}

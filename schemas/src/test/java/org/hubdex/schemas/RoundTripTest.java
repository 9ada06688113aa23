package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every topic's value survives encode and decode, and the bytes are Avro's single-object encoding. */
class RoundTripTest {

    @ParameterizedTest
    @EnumSource(Topic.class)
    void sampleSetsEveryFieldIncludingNestedOnes(Topic topic) {
        assertEveryFieldSet(SampleRecords.of(topic), topic.valueType().getSimpleName());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void serdeRoundTripKeepsEveryField(Topic topic) {
        SpecificRecord sample = SampleRecords.of(topic);
        try (Serde<SpecificRecord> serde = serdeOf(topic)) {
            byte[] bytes = serde.serializer().serialize(topic.topicName(), sample);
            SpecificRecord back = serde.deserializer().deserialize(topic.topicName(), bytes);

            assertThat(back).isInstanceOf(topic.valueType()).isEqualTo(sample);
        }
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void headerIsMagicThenLittleEndianCrc64OfCanonicalForm(Topic topic) throws Exception {
        SpecificRecord sample = SampleRecords.of(topic);
        Schema schema = sample.getSchema();

        byte[] bytes = codecOf(topic).encode(topic.topicName(), sample);

        // "CRC-64-AVRO" gives the Rabin fingerprint of the parsing canonical form, little-endian.
        byte[] fingerprint = SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema);
        assertThat(Arrays.copyOfRange(bytes, 0, 2)).containsExactly(0xC3, 0x01);
        assertThat(Arrays.copyOfRange(bytes, 2, 10)).containsExactly(fingerprint);
    }

    /** Cross-checks the hand-written header against Avro's own single-object encoder and decoder. */
    @ParameterizedTest
    @EnumSource(Topic.class)
    void bytesMatchAvrosOwnSingleObjectEncoding(Topic topic) throws Exception {
        SpecificRecord sample = SampleRecords.of(topic);
        SpecificData model = SpecificData.getForClass(topic.valueType());
        Schema schema = sample.getSchema();
        AvroCodec<SpecificRecord> codec = codecOf(topic);

        byte[] ours = codec.encode(topic.topicName(), sample);
        ByteBuffer avros = new BinaryMessageEncoder<SpecificRecord>(model, schema).encode(sample);

        assertThat(ours).isEqualTo(toArray(avros));
        assertThat(new BinaryMessageDecoder<SpecificRecord>(model, schema).decode(ours)).isEqualTo(sample);
        assertThat(codec.decode(topic.topicName(), toArray(avros))).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void tombstoneSerializesAndDeserializesToNull(Topic topic) {
        try (Serde<SpecificRecord> serde = serdeOf(topic)) {
            assertThat(serde.serializer().serialize(topic.topicName(), null)).isNull();
            assertThat(serde.deserializer().deserialize(topic.topicName(), null)).isNull();
        }
    }

    /** One codec serves every thread (Kafka Streams shares serdes between stream threads). */
    @Test
    void oneCodecIsSafeToShareBetweenThreads() throws Exception {
        AvroCodec<SpecificRecord> codec = codecOf(Topic.WEIGHT_TOKENS);
        SpecificRecord sample = SampleRecords.of(Topic.WEIGHT_TOKENS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 500; i++) {
                        ok += sample.equals(codec.decode("t", codec.encode("t", sample))) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    static AvroCodec<SpecificRecord> codecOf(Topic topic) {
        return AvroCodec.of((Class<SpecificRecord>) topic.valueType());
    }

    @SuppressWarnings("unchecked")
    private static Serde<SpecificRecord> serdeOf(Topic topic) {
        return AvroSerdes.serde((Class<SpecificRecord>) topic.valueType());
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /**
     * Fails unless every field, recursively, is non-null, every collection non-empty and every
     * defaulted field holds something other than its default.
     */
    static void assertEveryFieldSet(SpecificRecord record, String path) {
        SpecificData model = SpecificData.getForClass(record.getClass());
        for (Schema.Field field : record.getSchema().getFields()) {
            String where = path + "." + field.name();
            Object value = record.get(field.pos());
            assertThat(value).as(where).isNotNull();
            if (field.hasDefaultValue() && field.defaultVal() != null && !(value instanceof Collection<?>)
                    && !(value instanceof Map<?, ?>)) {
                assertThat(String.valueOf(value)).as(where + " differs from its default")
                        .isNotEqualTo(String.valueOf(model.getDefaultValue(field)));
            }
            if (value instanceof Collection<?> items) {
                assertThat(items).as(where).isNotEmpty();
                for (Object item : items) {
                    if (item instanceof SpecificRecord nested) {
                        assertEveryFieldSet(nested, where + "[]");
                    }
                }
            } else if (value instanceof Map<?, ?> map) {
                assertThat(map).as(where).isNotEmpty();
            } else if (value instanceof ByteBuffer bytes) {
                assertThat(bytes.remaining()).as(where).isPositive();
            } else if (value instanceof SpecificRecord nested) {
                assertEveryFieldSet(nested, where);
            }
        }
    }
}

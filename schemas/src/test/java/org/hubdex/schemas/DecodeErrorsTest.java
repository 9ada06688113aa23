package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.WeightTokens;
import org.hubdex.schemas.internal.Fingerprints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payloads that cannot be read fail with a typed error that says what was expected and found. */
class DecodeErrorsTest {
    private static final String TOPIC = Topic.MODEL_EVENTS.topicName();
    private final AvroCodec<ModelEvent> codec = AvroCodec.of(ModelEvent.class);
    private final byte[] valid = codec.encode(TOPIC, SampleRecords.modelEvent());

    @Test
    void unknownFingerprintNamesTopicFingerprintAndWhatTheStoreKnows() {
        byte[] payload = valid.clone();
        payload[5] ^= 0x5A; // one header byte off: a schema nobody released
        long unknown = fingerprintOf(payload);
        Deserializer<ModelEvent> deserializer = new AvroDeserializer<>(ModelEvent.class);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, payload))
                .isInstanceOf(UnknownSchemaException.class)
                .isInstanceOf(SchemaException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining(Fingerprints.hex(unknown))
                .hasMessageContaining("ModelEvent: v1 " + Fingerprints.hex(codec.fingerprint()))
                .satisfies(e -> {
                    UnknownSchemaException u = (UnknownSchemaException) e;
                    assertThat(u.topic()).isEqualTo(TOPIC);
                    assertThat(u.fingerprint()).isEqualTo(unknown);
                });
    }

    @Test
    void unknownFingerprintStaysAnErrorOnRetry() {
        byte[] payload = valid.clone();
        payload[9] ^= 0x01;

        assertThatThrownBy(() -> codec.decode(TOPIC, payload)).isInstanceOf(UnknownSchemaException.class);
        assertThatThrownBy(() -> codec.decode(TOPIC, payload)).isInstanceOf(UnknownSchemaException.class);
        assertThat(codec.decode(TOPIC, valid)).isEqualTo(SampleRecords.modelEvent());
    }

    @Test
    void badMagicIsAnInvalidHeader() {
        byte[] payload = valid.clone();
        payload[0] = '{'; // e.g. a JSON producer on the wrong topic

        assertThatThrownBy(() -> codec.decode(TOPIC, payload))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("expected c301, found 7b01");
    }

    @Test
    void confluentFramingIsAnInvalidHeader() {
        byte[] confluent = {0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x41, 0x42, 0x43, 0x44, 0x45};

        assertThatThrownBy(() -> codec.decode(TOPIC, confluent))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessageContaining("found 0000");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 9})
    void payloadShorterThanTheHeaderIsAnInvalidHeader(int length) {
        byte[] payload = Arrays.copyOf(valid, length);

        assertThatThrownBy(() -> codec.decode(TOPIC, payload))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining(length + " bytes, shorter than the 10-byte");
    }

    @Test
    void truncatedBodyIsACorruptPayload() {
        byte[] payload = Arrays.copyOf(valid, valid.length - 7);

        assertThatThrownBy(() -> codec.decode(TOPIC, payload))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining(Fingerprints.hex(codec.fingerprint()));
    }

    @Test
    void headerWithoutBodyIsACorruptPayload() {
        byte[] payload = Arrays.copyOf(valid, 10);

        assertThatThrownBy(() -> codec.decode(TOPIC, payload)).isInstanceOf(CorruptPayloadException.class);
    }

    @Test
    void trailingBytesAreACorruptPayload() {
        byte[] payload = Arrays.copyOf(valid, valid.length + 3);

        assertThatThrownBy(() -> codec.decode(TOPIC, payload))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("has 3 bytes after the ModelEvent record");
    }

    @Test
    void recordOfAnotherTopicIsIncompatible() {
        byte[] tokens = AvroCodec.of(WeightTokens.class).encode(TOPIC, SampleRecords.weightTokens());

        assertThatThrownBy(() -> codec.decode(TOPIC, tokens))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("is a org.hubdex.schemas.avro.WeightTokens")
                .hasMessageContaining("expected a org.hubdex.schemas.avro.ModelEvent");
    }

    @Test
    void recordWithRequiredFieldNullIsInvalid() {
        ModelEvent broken = SampleRecords.modelEvent();
        broken.setModelId(null);

        assertThatThrownBy(() -> new AvroSerializer<>(ModelEvent.class).serialize(TOPIC, broken))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("Cannot encode ModelEvent for topic " + TOPIC)
                .hasMessageContaining("modelId");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void recordOfAnotherTypeIsInvalid() {
        AvroSerializer raw = new AvroSerializer<>(ModelEvent.class);

        assertThatThrownBy(() -> raw.serialize(TOPIC, SampleRecords.weightTokens()))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("this codec writes org.hubdex.schemas.avro.ModelEvent");
    }

    private static long fingerprintOf(byte[] payload) {
        long fp = 0;
        for (int i = 0; i < 8; i++) {
            fp |= (payload[2 + i] & 0xFFL) << (8 * i);
        }
        return fp;
    }
}

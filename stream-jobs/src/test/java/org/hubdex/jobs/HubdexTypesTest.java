package org.hubdex.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.junit.jupiter.api.Test;

class HubdexTypesTest {

    @Test
    void avroValuesRoundTripAndCopyDeeply() throws Exception {
        TypeSerializer<ModelEvent> s = serializer(HubdexTypes.avro(ModelEvent.class));
        ModelEvent event = Fixtures.event(5);
        event.setTags(new java.util.ArrayList<>(java.util.List.of("vision")));

        assertThat(roundTrip(s, event)).isEqualTo(event);
        ModelEvent copy = s.copy(event);
        assertThat(copy).isEqualTo(event).isNotSameAs(event);
        copy.getTags().add("changed");
        assertThat(event.getTags()).containsExactly("vision");
        assertThat(roundTrip(s, null)).isNull();
    }

    @Test
    void sourceRecordsRoundTripWithAndWithoutKey() throws Exception {
        TypeSerializer<SourceRecord<ModelEvent>> s = serializer(HubdexTypes.sourceRecord(ModelEvent.class));
        SourceRecord<ModelEvent> keyed = new SourceRecord<>("t", 2, 99, "org/m", Fixtures.event(1));
        SourceRecord<ModelEvent> unkeyed = new SourceRecord<>("t", 0, 0, null, Fixtures.event(2));
        assertThat(roundTrip(s, keyed)).isEqualTo(keyed);
        assertThat(roundTrip(s, unkeyed)).isEqualTo(unkeyed);
        assertThat(s.copy(keyed)).isEqualTo(keyed);
    }

    @Test
    void decodedRoundTripsBothOutcomesAndCopiesBytewise() throws Exception {
        TypeSerializer<Decoded<ModelEvent>> s = serializer(HubdexTypes.decoded(ModelEvent.class));
        Decoded<ModelEvent> ok = new SourceRecord<>("t", 1, 2, "k", Fixtures.event(3));
        Decoded<ModelEvent> failed = new Decoded.Failed<>(
                DeadLetters.of("t", 1, 3, "k", "test", new IllegalArgumentException("bad"), 1));
        assertThat(roundTrip(s, ok)).isEqualTo(ok);
        assertThat(roundTrip(s, failed)).isEqualTo(failed);
        assertThat(s.copy(failed)).isEqualTo(failed);

        DataOutputSerializer original = new DataOutputSerializer(256);
        s.serialize(ok, original);
        s.serialize(failed, original);
        DataOutputSerializer copied = new DataOutputSerializer(256);
        DataInputDeserializer in = new DataInputDeserializer(original.getCopyOfBuffer());
        s.copy(in, copied);
        s.copy(in, copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
    }

    @Test
    void snapshotsAreVersionedAndRestoreTheSameSerializer() throws Exception {
        for (TypeInformation<?> type : java.util.List.of(HubdexTypes.avro(DeadLetter.class),
                HubdexTypes.sourceRecord(ModelEvent.class), HubdexTypes.decoded(ModelEvent.class))) {
            TypeSerializer<?> s = serializer(type);
            TypeSerializerSnapshot<?> snapshot = s.snapshotConfiguration();
            DataOutputSerializer out = new DataOutputSerializer(64);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
            TypeSerializerSnapshot<?> read = TypeSerializerSnapshot.readVersionedSnapshot(
                    new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
            assertThat(read.getCurrentVersion()).isEqualTo(1);
            assertThat(read.restoreSerializer()).isEqualTo(s);
            assertCompatible(snapshot, read);
        }
    }

    @Test
    void typeInformationIsComparableAndSerializable() throws Exception {
        TypeInformation<Decoded<ModelEvent>> type = HubdexTypes.decoded(ModelEvent.class);
        assertThat(AvroRecordDeserializerTest.roundTrip(type)).isEqualTo(type);
        assertThat(type).isNotEqualTo(HubdexTypes.sourceRecord(ModelEvent.class));
        assertThat(HubdexTypes.avro(ModelEvent.class)).hasToString("Avro<org.hubdex.schemas.avro.ModelEvent>");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertCompatible(TypeSerializerSnapshot current, TypeSerializerSnapshot old) {
        assertThat(current.resolveSchemaCompatibility(old).isCompatibleAsIs()).isTrue();
    }

    private static <T> TypeSerializer<T> serializer(TypeInformation<T> type) {
        return type.createSerializer(new SerializerConfigImpl());
    }

    private static <T> T roundTrip(TypeSerializer<T> s, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}

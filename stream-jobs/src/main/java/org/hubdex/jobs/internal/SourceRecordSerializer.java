package org.hubdex.jobs.internal;

import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.hubdex.jobs.SourceRecord;

/**
 * Flink serializer of {@link SourceRecord}: topic, partition, offset, key (nullable), then the value
 * through {@link AvroValueSerializer}. Stateless; {@link #duplicate()} returns this.
 *
 * @param <T> the generated Avro record class
 */
public final class SourceRecordSerializer<T extends SpecificRecord> extends TypeSerializer<SourceRecord<T>> {
    private static final long serialVersionUID = 1L;

    private final AvroValueSerializer<T> values;

    public SourceRecordSerializer(Class<T> type) {
        this.values = new AvroValueSerializer<>(type);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<SourceRecord<T>> duplicate() {
        return this;
    }

    @Override
    public SourceRecord<T> createInstance() {
        return new SourceRecord<>("", 0, 0, null, values.createInstance());
    }

    @Override
    public SourceRecord<T> copy(SourceRecord<T> from) {
        return from == null ? null
                : new SourceRecord<>(from.topic(), from.partition(), from.offset(), from.key(), values.copy(from.value()));
    }

    @Override
    public SourceRecord<T> copy(SourceRecord<T> from, SourceRecord<T> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SourceRecord<T> record, DataOutputView out) throws IOException {
        StringValue.writeString(record.topic(), out);
        out.writeInt(record.partition());
        out.writeLong(record.offset());
        StringValue.writeString(record.key(), out);
        values.serialize(record.value(), out);
    }

    @Override
    public SourceRecord<T> deserialize(DataInputView in) throws IOException {
        String topic = StringValue.readString(in);
        int partition = in.readInt();
        long offset = in.readLong();
        String key = StringValue.readString(in);
        return new SourceRecord<>(topic, partition, offset, key, values.deserialize(in));
    }

    @Override
    public SourceRecord<T> deserialize(SourceRecord<T> reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        StringValue.copyString(in, out);
        out.writeInt(in.readInt());
        out.writeLong(in.readLong());
        StringValue.copyString(in, out);
        values.copy(in, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRecordSerializer<?> other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return 31 * values.hashCode() + 1;
    }

    @Override
    public TypeSerializerSnapshot<SourceRecord<T>> snapshotConfiguration() {
        return new HubdexSerializerSnapshot<>(HubdexSerializerSnapshot.Shape.SOURCE_RECORD, values.type());
    }
}

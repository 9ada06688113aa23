package org.hubdex.jobs.internal;

import java.io.IOException;
import java.util.Objects;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.hubdex.schemas.AvroCodec;

/**
 * Flink serializer of one generated Avro record class: a 4-byte length, then the
 * {@link AvroCodec} single-object encoding (-1 for null). Stateless apart from the thread-safe codec,
 * which is created on first use, so {@link #duplicate()} returns this.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroValueSerializer<T extends SpecificRecord> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final LazyCodec<T> codec;

    public AvroValueSerializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
        this.codec = new LazyCodec<>(type);
    }


    private String context() {
        return "flink:" + type.getSimpleName();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T createInstance() {
        return (T) SpecificData.getForClass(type).newRecord(null, codec.get().schema());
    }

    @Override
    public T copy(T from) {
        return from == null ? null : SpecificData.getForClass(type).deepCopy(codec.get().schema(), from);
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView out) throws IOException {
        if (record == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = codec.get().encode(context(), record);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public T deserialize(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return codec.get().decode(context(), bytes);
    }

    @Override
    public T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        int length = in.readInt();
        out.writeInt(length);
        if (length > 0) {
            out.write(in, length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvroValueSerializer<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new HubdexSerializerSnapshot<>(HubdexSerializerSnapshot.Shape.AVRO, type);
    }

    Class<T> type() {
        return type;
    }
}

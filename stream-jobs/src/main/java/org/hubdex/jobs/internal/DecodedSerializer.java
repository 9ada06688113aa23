package org.hubdex.jobs.internal;

import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.hubdex.jobs.Decoded;
import org.hubdex.jobs.SourceRecord;
import org.hubdex.schemas.avro.DeadLetter;

/**
 * Flink serializer of {@link Decoded}: a tag byte (0 record, 1 failure), then the
 * {@link SourceRecord} or the {@link DeadLetter}. Stateless; {@link #duplicate()} returns this.
 *
 * @param <T> the generated Avro record class
 */
public final class DecodedSerializer<T extends SpecificRecord> extends TypeSerializer<Decoded<T>> {
    private static final long serialVersionUID = 1L;
    private static final byte RECORD = 0;
    private static final byte FAILED = 1;

    private final SourceRecordSerializer<T> records;
    private final AvroValueSerializer<DeadLetter> deadLetters = new AvroValueSerializer<>(DeadLetter.class);
    private final Class<T> type;

    public DecodedSerializer(Class<T> type) {
        this.type = type;
        this.records = new SourceRecordSerializer<>(type);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Decoded<T>> duplicate() {
        return this;
    }

    @Override
    public Decoded<T> createInstance() {
        return records.createInstance();
    }

    @Override
    public Decoded<T> copy(Decoded<T> from) {
        if (from instanceof SourceRecord<T> record) {
            return records.copy(record);
        }
        return from == null ? null : new Decoded.Failed<>(deadLetters.copy(((Decoded.Failed<T>) from).deadLetter()));
    }

    @Override
    public Decoded<T> copy(Decoded<T> from, Decoded<T> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Decoded<T> value, DataOutputView out) throws IOException {
        if (value instanceof SourceRecord<T> record) {
            out.writeByte(RECORD);
            records.serialize(record, out);
        } else {
            out.writeByte(FAILED);
            deadLetters.serialize(((Decoded.Failed<T>) value).deadLetter(), out);
        }
    }

    @Override
    public Decoded<T> deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case RECORD -> records.deserialize(in);
            case FAILED -> new Decoded.Failed<>(deadLetters.deserialize(in));
            default -> throw new IOException("Corrupt Decoded element: tag " + tag + ", expected 0 or 1");
        };
    }

    @Override
    public Decoded<T> deserialize(Decoded<T> reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        byte tag = in.readByte();
        out.writeByte(tag);
        if (tag == RECORD) {
            records.copy(in, out);
        } else {
            deadLetters.copy(in, out);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedSerializer<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + 2;
    }

    @Override
    public TypeSerializerSnapshot<Decoded<T>> snapshotConfiguration() {
        return new HubdexSerializerSnapshot<>(HubdexSerializerSnapshot.Shape.DECODED, type);
    }
}

package org.hubdex.jobs.internal;

import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Snapshot of every Hubdex serializer, written into checkpoints and savepoints: format version, the
 * element shape and the Avro record class. A serializer is fully determined by those two; the values
 * themselves carry their writer schema's fingerprint, so a restore after a compatible schema change
 * is compatible as is (the codec resolves the old writer schema through the released-schema store).
 *
 * <p>Version 1: {@code shape name (UTF), record class name (UTF)}. Flink instantiates snapshots
 * through the public no-argument constructor, then calls {@link #readSnapshot}.
 *
 * @param <T> the stream element type
 */
public final class HubdexSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
    static final int VERSION = 1;

    /** The element shapes Hubdex streams carry. */
    public enum Shape {
        AVRO, SOURCE_RECORD, DECODED;

        <V extends SpecificRecord> TypeSerializer<?> serializer(Class<V> valueType) {
            return switch (this) {
                case AVRO -> new AvroValueSerializer<>(valueType);
                case SOURCE_RECORD -> new SourceRecordSerializer<>(valueType);
                case DECODED -> new DecodedSerializer<>(valueType);
            };
        }
    }

    private Shape shape;
    private Class<? extends SpecificRecord> valueType;

    /** For Flink, which reads the fields with {@link #readSnapshot}. */
    public HubdexSerializerSnapshot() {
    }

    HubdexSerializerSnapshot(Shape shape, Class<? extends SpecificRecord> valueType) {
        this.shape = shape;
        this.valueType = valueType;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(shape.name());
        out.writeUTF(valueType.getName());
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("Hubdex serializer snapshot version " + readVersion
                    + " is not readable by this build, which reads version " + VERSION);
        }
        String shapeName = in.readUTF();
        String className = in.readUTF();
        try {
            shape = Shape.valueOf(shapeName);
        } catch (IllegalArgumentException e) {
            throw new IOException("Unknown Hubdex serializer shape '" + shapeName + "' in snapshot", e);
        }
        try {
            valueType = Class.forName(className, false, classLoader).asSubclass(SpecificRecord.class);
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("The snapshot's record class " + className
                    + " is not a generated Avro class on this job's classpath", e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> restoreSerializer() {
        return (TypeSerializer<T>) shape.serializer(valueType);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot instanceof HubdexSerializerSnapshot<T> old && old.shape == shape
                && old.valueType.getName().equals(valueType.getName())) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }

    Shape shape() {
        return shape;
    }

    Class<? extends SpecificRecord> valueType() {
        return valueType;
    }
}

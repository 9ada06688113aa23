package org.hubdex.jobs.internal;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.hubdex.jobs.Decoded;
import org.hubdex.jobs.SourceRecord;

/**
 * Type information of the three Hubdex stream element shapes ({@link HubdexSerializerSnapshot.Shape}):
 * an Avro record, a {@link SourceRecord} of it, a {@link Decoded} of it. Serializable and immutable.
 *
 * @param <T> the stream element type
 */
public final class HubdexTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final HubdexSerializerSnapshot.Shape shape;
    private final Class<? extends SpecificRecord> valueType;
    private final Class<T> typeClass;

    private HubdexTypeInfo(HubdexSerializerSnapshot.Shape shape, Class<? extends SpecificRecord> valueType, Class<T> typeClass) {
        this.shape = shape;
        this.valueType = Objects.requireNonNull(valueType, "valueType");
        this.typeClass = typeClass;
    }

    public static <T extends SpecificRecord> HubdexTypeInfo<T> avro(Class<T> type) {
        return new HubdexTypeInfo<>(HubdexSerializerSnapshot.Shape.AVRO, type, type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends SpecificRecord> HubdexTypeInfo<SourceRecord<T>> sourceRecord(Class<T> type) {
        return new HubdexTypeInfo<>(HubdexSerializerSnapshot.Shape.SOURCE_RECORD, type, (Class) SourceRecord.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends SpecificRecord> HubdexTypeInfo<Decoded<T>> decoded(Class<T> type) {
        return new HubdexTypeInfo<>(HubdexSerializerSnapshot.Shape.DECODED, type, (Class) Decoded.class);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return (TypeSerializer<T>) shape.serializer(valueType);
    }

    @Override
    public String toString() {
        return shape == HubdexSerializerSnapshot.Shape.AVRO
                ? "Avro<" + valueType.getName() + ">"
                : typeClass.getSimpleName() + "<" + valueType.getName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HubdexTypeInfo<?> other && other.canEqual(this) && shape == other.shape
                && valueType.equals(other.valueType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shape, valueType);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof HubdexTypeInfo;
    }
}

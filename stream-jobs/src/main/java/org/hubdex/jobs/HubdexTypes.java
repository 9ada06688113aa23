package org.hubdex.jobs;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.hubdex.jobs.internal.HubdexTypeInfo;

/**
 * Flink type information for Hubdex records, so that Flink neither falls back to Kryo (which cannot
 * serialize Avro records without {@code flink-avro}) nor guesses. Pass them to {@code returns(...)},
 * {@code process(fn, type)}, state descriptors and output tags.
 *
 * <p>The serialized form of an Avro value is its {@link org.hubdex.schemas.AvroCodec} single-object
 * encoding (length-prefixed), which carries the writer schema's fingerprint: state and checkpoints
 * written with an older released schema are read into the current class after an upgrade. The
 * serializer snapshots are versioned (version 1 today).
 */
public final class HubdexTypes {
    private HubdexTypes() {
    }

    /** A generated Avro record, e.g. {@code HubdexTypes.avro(ModelEvent.class)}. */
    public static <T extends SpecificRecord> TypeInformation<T> avro(Class<T> type) {
        return HubdexTypeInfo.avro(type);
    }

    /** A {@link SourceRecord} of that record class. */
    public static <T extends SpecificRecord> TypeInformation<SourceRecord<T>> sourceRecord(Class<T> type) {
        return HubdexTypeInfo.sourceRecord(type);
    }

    /** A {@link Decoded} of that record class. */
    public static <T extends SpecificRecord> TypeInformation<Decoded<T>> decoded(Class<T> type) {
        return HubdexTypeInfo.decoded(type);
    }
}

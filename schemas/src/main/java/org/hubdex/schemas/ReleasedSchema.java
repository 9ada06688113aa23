package org.hubdex.schemas;

import java.util.Objects;
import org.apache.avro.Schema;
import org.hubdex.schemas.internal.Fingerprints;

/**
 * One frozen, released version of a record's schema, as loaded from
 * {@code org/hubdex/schemas/released/<RecordName>/v<version>.avsc} on the classpath. Records written
 * by any released version must stay readable by the current schema; the compatibility test checks it.
 *
 * @param recordName full name of the record, e.g. {@code org.hubdex.schemas.avro.ModelEvent}
 * @param version release number, from 1
 * @param schema the schema as released
 * @param fingerprint CRC-64-AVRO fingerprint of its parsing canonical form, as found in record headers
 */
public record ReleasedSchema(String recordName, int version, Schema schema, long fingerprint) {
    /** Classpath folder holding one sub-folder of released versions per record. */
    public static final String RESOURCE_ROOT = "org/hubdex/schemas/released";

    public ReleasedSchema {
        Objects.requireNonNull(recordName, "recordName");
        Objects.requireNonNull(schema, "schema");
        if (version < 1) {
            throw new IllegalArgumentException("Released versions count from 1, got " + version + " for " + recordName);
        }
    }

    /** Classpath resource of a released version of a record (simple name, e.g. ModelEvent). */
    public static String resourcePath(String simpleRecordName, int version) {
        return RESOURCE_ROOT + "/" + simpleRecordName + "/v" + version + ".avsc";
    }

    /** The classpath resource this version was loaded from. */
    public String resourcePath() {
        return resourcePath(schema.getName(), version);
    }

    /** The fingerprint as its 8 header bytes in hex, as logs and error messages show it. */
    public String fingerprintHex() {
        return Fingerprints.hex(fingerprint);
    }

    @Override
    public String toString() {
        return schema.getName() + " v" + version + " (" + fingerprintHex() + ")";
    }
}

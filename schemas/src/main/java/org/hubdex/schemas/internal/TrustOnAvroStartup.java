package org.hubdex.schemas.internal;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A start-up hook, not a logical type: Avro loads every {@link LogicalTypes.LogicalTypeFactory}
 * listed in {@code META-INF/services} when it parses its first schema, which every generated class
 * does in its static initialiser. Loading this factory installs {@link GeneratedClassTrust}, so a
 * generated record works in any JVM that has this jar, whether or not a codec was created first
 * (without it, {@code ModelEvent.newBuilder().build()} fails on the default of its enum field).
 *
 * <p>It registers a type name that no schema uses, so Avro never asks it for a logical type.
 */
public final class TrustOnAvroStartup implements LogicalTypes.LogicalTypeFactory {
    static final String UNUSED_TYPE_NAME = "org.hubdex.schemas.trust-hook";

    public TrustOnAvroStartup() {
        GeneratedClassTrust.install();
    }

    @Override
    public LogicalType fromSchema(Schema schema) {
        return null; // never a logical type: see the class comment
    }

    @Override
    public String getTypeName() {
        return UNUSED_TYPE_NAME;
    }
}

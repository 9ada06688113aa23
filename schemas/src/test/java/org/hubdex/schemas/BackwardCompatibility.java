package org.hubdex.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The one compatibility rule of this module, shared by the test that guards the released versions
 * and the test that shows the rule catches breaking changes: a reader with the current schema must
 * read everything a released writer wrote (Avro BACKWARD compatibility).
 */
final class BackwardCompatibility {
    private BackwardCompatibility() {
    }

    /** Why {@code current} cannot read data written with {@code released}; empty when it can. */
    static List<String> problems(Schema current, Schema released) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream().map(BackwardCompatibility::describe).toList();
    }

    private static String describe(Incompatibility i) {
        return i.getType() + " at " + i.getLocation() + ": " + i.getMessage();
    }
}

package org.hubdex.schemas.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.hubdex.schemas.ReleasedSchema;
import org.hubdex.schemas.SchemaException;

/**
 * Reads the released versions of one record from the classpath. A jar cannot be listed portably, so
 * versions are probed as {@code v1.avsc}, {@code v2.avsc}, ... until the first one missing; versions
 * are therefore numbered without gaps (a test checks that no file is left behind a gap). Stateless.
 */
public final class ReleasedSchemaLoader {
    private ReleasedSchemaLoader() {
    }

    /**
     * All released versions of the record, oldest first; empty when it was never released.
     *
     * @param expected the record's current schema: each released file must declare the same full name
     * @throws SchemaException if a released file cannot be read or parsed, or names another record
     */
    public static List<ReleasedSchema> load(ClassLoader loader, Schema expected) {
        List<ReleasedSchema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String path = ReleasedSchema.resourcePath(expected.getName(), version);
            Schema schema;
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                // A fresh parser per file: each version declares the same names.
                schema = new Schema.Parser().parse(in);
            } catch (IOException | SchemaParseException e) {
                throw new SchemaException("Cannot read released schema " + path + ": " + e.getMessage(), e);
            }
            if (!schema.getFullName().equals(expected.getFullName())) {
                throw new SchemaException(String.format(
                        "Released schema %s declares record %s, expected %s: a released file must be a copy of"
                                + " src/main/avro/%s.avsc",
                        path, schema.getFullName(), expected.getFullName(), expected.getName()));
            }
            versions.add(new ReleasedSchema(schema.getFullName(), version, schema, Fingerprints.of(schema)));
        }
    }
}

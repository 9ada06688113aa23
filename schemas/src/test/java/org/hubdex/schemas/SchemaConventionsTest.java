package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * House rules for the .avsc files: every field and named type carries a doc, and every nullable
 * field is a union with null first and a null default, so that it can be omitted by older writers.
 */
class SchemaConventionsTest {

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyFieldAndNamedTypeIsDocumented(Topic topic) {
        List<String> undocumented = new ArrayList<>();
        walk(schemaOf(topic), new HashSet<>(), (record, field) -> {
            if (field.doc() == null || field.doc().isBlank()) {
                undocumented.add(record.getName() + "." + field.name());
            }
        }, named -> {
            if (named.getDoc() == null || named.getDoc().isBlank()) {
                undocumented.add(named.getName());
            }
        });

        assertThat(undocumented).as("fields and types without \"doc\"").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void nullableFieldsPutNullFirstAndDefaultToNull(Topic topic) {
        List<String> wrong = new ArrayList<>();
        walk(schemaOf(topic), new HashSet<>(), (record, field) -> {
            if (field.schema().isNullable()) {
                boolean nullFirst = field.schema().getTypes().get(0).getType() == Schema.Type.NULL;
                if (!nullFirst || !field.hasDefaultValue() || field.defaultVal() != org.apache.avro.JsonProperties.NULL_VALUE) {
                    wrong.add(record.getName() + "." + field.name());
                }
            }
        }, named -> { });

        assertThat(wrong).as("nullable fields must be [\"null\", T] with \"default\": null").isEmpty();
    }

    private static Schema schemaOf(Topic topic) {
        return SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType());
    }

    private interface FieldVisitor {
        void visit(Schema record, Schema.Field field);
    }

    private interface NamedVisitor {
        void visit(Schema named);
    }

    private static void walk(Schema schema, Set<String> seen, FieldVisitor fields, NamedVisitor named) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                named.visit(schema);
                if (schema.getType() == Schema.Type.RECORD) {
                    for (Schema.Field field : schema.getFields()) {
                        fields.visit(schema, field);
                        walk(field.schema(), seen, fields, named);
                    }
                }
            }
            case ARRAY -> walk(schema.getElementType(), seen, fields, named);
            case MAP -> walk(schema.getValueType(), seen, fields, named);
            case UNION -> schema.getTypes().forEach(t -> walk(t, seen, fields, named));
            default -> { }
        }
    }
}

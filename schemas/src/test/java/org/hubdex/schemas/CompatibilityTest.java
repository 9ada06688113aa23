package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.specific.SpecificData;
import org.hubdex.schemas.avro.ModelEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The current schema of every topic reads every released version (BACKWARD), so a change that would
 * break consumers of data already on the topics fails the build; and the check does catch such a
 * change, so it cannot pass vacuously.
 */
class CompatibilityTest {
    private static final ReleasedSchemaStore STORE = ReleasedSchemaStore.standard();

    @ParameterizedTest
    @EnumSource(Topic.class)
    void currentSchemaReadsEveryReleasedVersion(Topic topic) {
        Schema current = SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType());
        List<ReleasedSchema> released = STORE.released(topic.valueType());

        assertThat(released).as("released versions of %s", current.getName()).isNotEmpty();
        for (ReleasedSchema version : released) {
            assertThat(BackwardCompatibility.problems(current, version.schema()))
                    .as("%s (src/main/avro/%s.avsc) must read data written with %s; give new fields a default,"
                            + " never change a field's type or remove an enum symbol",
                            current.getName(), current.getName(), version.resourcePath())
                    .isEmpty();
        }
    }

    @Test
    void checkCoversEveryReleasedVersion() {
        assertThat(STORE.allReleased()).hasSizeGreaterThanOrEqualTo(Topic.values().length);
    }

    @Test
    void newFieldWithoutDefaultBreaksOldData() {
        Schema broken = withFields(released(), fields -> {
            fields.add(new Field("revisionTitle", Schema.create(Schema.Type.STRING), "added without a default"));
            return fields;
        });

        assertThat(BackwardCompatibility.problems(broken, released()))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE", "revisionTitle");
    }

    @Test
    void changedFieldTypeBreaksOldData() {
        Schema broken = replaceField(released(), "modelId", f -> new Field(f.name(), Schema.create(Schema.Type.INT), f.doc()));

        assertThat(BackwardCompatibility.problems(broken, released()))
                .singleElement().asString()
                .contains("TYPE_MISMATCH", "/fields/" + released().getField("modelId").pos() + "/type", "STRING");
    }

    @Test
    void removedEnumSymbolBreaksOldData() {
        Schema broken = replaceField(released(), "gated", f -> new Field(f.name(),
                Schema.createEnum("GatedMode", f.schema().getDoc(), f.schema().getNamespace(), List.of("NONE", "AUTO")),
                f.doc(), "NONE"));

        assertThat(BackwardCompatibility.problems(broken, released()))
                .singleElement().asString().contains("MISSING_ENUM_SYMBOLS", "MANUAL");
    }

    @Test
    void renamedFieldWithoutAliasBreaksOldData() {
        Schema broken = replaceField(released(), "hubUrl", f -> new Field("hubEndpoint", f.schema(), f.doc()));

        assertThat(BackwardCompatibility.problems(broken, released()))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE", "hubEndpoint");
    }

    /** The positive control: the rule accepts the change it is meant to allow. */
    @Test
    void newFieldWithDefaultIsCompatible() {
        Schema evolved = withFields(released(), fields -> {
            fields.add(new Field("revisionTitle", Schema.createUnion(Schema.create(Schema.Type.NULL),
                    Schema.create(Schema.Type.STRING)), "added with a default", Field.NULL_DEFAULT_VALUE));
            return fields;
        });

        assertThat(BackwardCompatibility.problems(evolved, released())).isEmpty();
    }

    private static Schema released() {
        return STORE.released(ModelEvent.class).get(0).schema();
    }

    private static Schema replaceField(Schema record, String name, UnaryOperator<Field> change) {
        return withFields(record, fields -> {
            fields.replaceAll(f -> f.name().equals(name) ? change.apply(f) : f);
            return fields;
        });
    }

    /** A copy of the record whose field list is changed; fields are copied since Avro binds them to one record. */
    private static Schema withFields(Schema record, UnaryOperator<List<Field>> change) {
        List<Field> fields = new ArrayList<>();
        for (Field f : record.getFields()) {
            fields.add(new Field(f, f.schema()));
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, change.apply(fields));
    }
}

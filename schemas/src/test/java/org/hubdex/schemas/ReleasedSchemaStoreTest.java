package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hubdex.schemas.avro.ControlMessage;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.internal.Fingerprints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading released versions from a classpath, and what the store answers. */
class ReleasedSchemaStoreTest {
    private static final String CONTROL_V1 = """
            {"type": "record", "name": "ControlMessage", "namespace": "org.hubdex.schemas.avro",
             "fields": [{"name": "modelVersion", "type": "string"}]}
            """;

    @TempDir
    Path classpath;

    @Test
    void loadsVersionsFromOneUntilTheFirstMissing() throws IOException {
        write("ControlMessage/v1.avsc", CONTROL_V1);
        write("ControlMessage/v2.avsc", AvroCodec.of(ControlMessage.class).schema().toString());
        write("ControlMessage/v4.avsc", CONTROL_V1); // behind a gap: ReleasedSchemasTest rejects this on disk

        ReleasedSchemaStore store = load();

        assertThat(store.released(ControlMessage.class)).extracting(ReleasedSchema::version).containsExactly(1, 2);
        assertThat(store.released(ControlMessage.class).get(0).resourcePath())
                .isEqualTo("org/hubdex/schemas/released/ControlMessage/v1.avsc");
    }

    @Test
    void neverReleasedRecordHasNoVersionsButItsCurrentSchemaIsKnown() throws IOException {
        ReleasedSchemaStore store = load();

        assertThat(store.released(ControlMessage.class)).isEmpty();
        assertThat(store.findByFingerprint(AvroCodec.of(ControlMessage.class).fingerprint())).isNotNull();
        assertThat(store.describe(ControlMessage.getClassSchema().getFullName()))
                .startsWith("ControlMessage: current ").endsWith("(unreleased)");
    }

    @Test
    void releasedFileOfAnotherRecordIsRejected() throws IOException {
        write("ControlMessage/v1.avsc", CONTROL_V1.replace("ControlMessage", "Other"));

        assertThatThrownBy(this::load)
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("released/ControlMessage/v1.avsc declares record org.hubdex.schemas.avro.Other")
                .hasMessageContaining("expected org.hubdex.schemas.avro.ControlMessage");
    }

    @Test
    void unparsableReleasedFileIsRejected() throws IOException {
        write("ControlMessage/v1.avsc", "{\"type\": \"record\", ");

        assertThatThrownBy(this::load)
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("Cannot read released schema org/hubdex/schemas/released/ControlMessage/v1.avsc");
    }

    @Test
    void unknownFingerprintIsNullAsAvrosSchemaStoreExpects() {
        assertThat(ReleasedSchemaStore.standard().findByFingerprint(0x1234_5678L)).isNull();
        assertThat(ReleasedSchemaStore.standard().find(0x1234_5678L)).isEmpty();
    }

    @Test
    void describeListsReleasedVersionsAndCurrent() {
        String fp = Fingerprints.hex(AvroCodec.of(ModelEvent.class).fingerprint());

        assertThat(ReleasedSchemaStore.standard().describe(ModelEvent.getClassSchema().getFullName()))
                .isEqualTo("ModelEvent: v1 " + fp + ", current " + fp + " (= v1)");
    }

    private ReleasedSchemaStore load() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
            return ReleasedSchemaStore.load(loader, List.of(ControlMessage.class));
        }
    }

    private void write(String relative, String content) throws IOException {
        Path file = classpath.resolve(ReleasedSchema.RESOURCE_ROOT).resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}

package org.hubdex.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The released versions are complete, frozen and loaded: every topic has one, the newest is the
 * current schema, no released file was edited after release (checked against
 * {@code released-manifest.txt}), and every file on disk is one the store loads.
 */
class ReleasedSchemasTest {
    private static final ReleasedSchemaStore STORE = ReleasedSchemaStore.standard();

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicValueTypeHasAReleasedVersion(Topic topic) {
        assertThat(STORE.released(topic.valueType()))
                .as("%s has no released/%s/v1.avsc", topic.topicName(), topic.valueType().getSimpleName())
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v.recordName()).isEqualTo(topic.valueType().getName()));
    }

    /**
     * A producer writes the current schema, and readers know only released schemas: so the current
     * schema must have been released. Compared as parsed schemas (types, defaults, logical types),
     * not as text: a doc fix needs no new version.
     */
    @ParameterizedTest
    @EnumSource(Topic.class)
    void newestReleasedVersionIsTheCurrentSchema(Topic topic) throws IOException {
        String name = topic.valueType().getSimpleName();
        Path source = Path.of("src/main/avro", name + ".avsc");
        Schema current = new Schema.Parser().parse(source.toFile());
        List<ReleasedSchema> released = STORE.released(topic.valueType());
        ReleasedSchema newest = released.get(released.size() - 1);

        assertThat(newest.schema())
                .as("%s changed since %s was released: release it by copying it to src/main/resources/%s",
                        source, newest.resourcePath(), ReleasedSchema.resourcePath(name, newest.version() + 1))
                .isEqualTo(current);
    }

    @Test
    void releasedFilesAreFrozen() throws Exception {
        List<String> actual = new ArrayList<>();
        for (ReleasedSchema version : STORE.allReleased()) {
            actual.add(manifestLine(version));
        }

        assertThat(actual)
                .as("Released schemas are frozen: a released file was edited, or a new release lacks its line in"
                        + " src/test/resources/org/hubdex/schemas/released-manifest.txt. Restore the file, or add"
                        + " the line for the new version (never change an existing line)")
                .containsExactlyInAnyOrderElementsOf(manifest());
    }

    @Test
    void storeLoadsEveryReleasedFileOnDisk() throws Exception {
        Path root = Path.of(getClass().getClassLoader().getResource(ReleasedSchema.RESOURCE_ROOT).toURI());
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(root)) {
            onDisk = files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        List<String> loaded = STORE.allReleased().stream()
                .map(v -> v.schema().getName() + "/v" + v.version() + ".avsc").sorted().toList();

        assertThat(onDisk)
                .as("every file under %s must be <Record>/v<N>.avsc of a topic's value record, numbered from 1"
                        + " without gaps", ReleasedSchema.RESOURCE_ROOT)
                .isEqualTo(loaded);
    }

    @Test
    void storeKnowsEveryReleasedAndCurrentFingerprint() {
        for (ReleasedSchema version : STORE.allReleased()) {
            assertThat(STORE.findByFingerprint(version.fingerprint())).as(version.toString()).isNotNull();
        }
        for (Topic topic : Topic.values()) {
            assertThat(STORE.findByFingerprint(RoundTripTest.codecOf(topic).fingerprint())).isNotNull();
        }
    }

    private static String manifestLine(ReleasedSchema version) throws IOException, NoSuchAlgorithmException {
        byte[] file;
        try (InputStream in = ReleasedSchemasTest.class.getClassLoader().getResourceAsStream(version.resourcePath())) {
            file = in.readAllBytes();
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        return version.schema().getName() + " v" + version.version() + " fingerprint=" + version.fingerprintHex()
                + " sha256=" + sha256;
    }

    private static List<String> manifest() throws IOException {
        try (InputStream in = ReleasedSchemasTest.class.getResourceAsStream("released-manifest.txt")) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}

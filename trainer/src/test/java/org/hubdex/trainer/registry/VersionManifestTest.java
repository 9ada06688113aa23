package org.hubdex.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionManifestTest {

    @Test
    void jsonRoundTripsAndNamesItsFormat() {
        VersionManifest m = Fixtures.manifest("2026-11-25T19-04-05Z-1", Optional.of("2026-11-25T19-04-05Z"));
        byte[] json = ManifestJson.write(m);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"format\" : \"hubdex-registry-manifest\"", "\"formatVersion\" : 1");
        assertThat(ManifestJson.read(json, "test")).isEqualTo(m);
        assertThat(ManifestJson.write(ManifestJson.read(json, "test"))).as("stable bytes").isEqualTo(json);
    }

    @Test
    void theReleasedVersionOneFileStillReads() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("manifest-v1.json")) {
            bytes = in.readAllBytes();
        }
        VersionManifest m = ManifestJson.read(bytes, "manifest-v1.json");
        assertThat(m.version()).isEqualTo("2026-11-25T19-04-05Z");
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-11-25T19:04:05Z"));
        assertThat(m.previousVersion()).isEmpty();
        assertThat(m.components()).containsEntry(VersionManifest.BACKBONE, "backbone-7").containsEntry(VersionManifest.TEXT_ENCODER, "all-minilm-l6-v2");
        assertThat(m.configuration()).containsEntry("epochs", "5");
        assertThat(m.trainingData().corpusEntries()).isEqualTo(612);
        assertThat(m.trainingData().modelsPerTree()).containsEntry("zoo/cnn-small-0", 44L);
        assertThat(m.metrics()).containsEntry("recall@10", 0.71);
        assertThat(m).as("an unknown field (addedLater) is ignored").isNotNull();
    }

    @Test
    void theBuilderAndTheRecordCheckTheirFields() {
        TrainingDataSnapshot data = new TrainingDataSnapshot(0, Map.of(), TrainingDataSnapshot.contentHash(List.of()));
        assertThatThrownBy(() -> VersionManifest.builder().setVersion("v1").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("createdAt").hasMessageContaining("trainingData");
        assertThatThrownBy(() -> VersionManifest.builder().setVersion("v1").setCreatedAt(Instant.EPOCH).setTrainingData(data)
                .optMetric("loss", Double.NaN).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loss");
        assertThatThrownBy(() -> VersionManifest.builder().setVersion("v1").setCreatedAt(Instant.EPOCH).setTrainingData(data)
                .optPreviousVersion(Optional.of("v1")).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own previous");
        assertThatThrownBy(() -> new TrainingDataSnapshot(-1, Map.of(), "sha256:00")).isInstanceOf(IllegalArgumentException.class);
        VersionManifest m = VersionManifest.builder().setVersion("v1").setCreatedAt(Instant.EPOCH).setTrainingData(data)
                .optComponent("router", "r1").optComponent("backbone", "b1").build();
        assertThat(m.components().keySet()).as("sorted").containsExactly("backbone", "router");
        assertThatThrownBy(() -> m.components().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theContentHashDependsOnTheRevisionsNotTheirOrder() {
        String h = TrainingDataSnapshot.contentHash(List.of(Map.entry("a/m", "s1"), Map.entry("b/m", "s2")));
        assertThat(h).matches("sha256:[0-9a-f]{64}");
        assertThat(TrainingDataSnapshot.contentHash(List.of(Map.entry("b/m", "s2"), Map.entry("a/m", "s1"), Map.entry("a/m", "s1"))))
                .isEqualTo(h);
        assertThat(TrainingDataSnapshot.contentHash(List.of(Map.entry("a/m", "s1"), Map.entry("b/m", "s3")))).isNotEqualTo(h);
        assertThat(TrainingDataSnapshot.contentHash(List.of(Map.entry("a/m", "s1")))).isNotEqualTo(h);
        // the pair boundary is part of the hash: (a, bc) differs from (ab, c)
        assertThat(TrainingDataSnapshot.contentHash(List.of(Map.entry("a", "bc"))))
                .isNotEqualTo(TrainingDataSnapshot.contentHash(List.of(Map.entry("ab", "c"))));
        // the hash of the empty list is SHA-256 of nothing
        assertThat(TrainingDataSnapshot.contentHash(List.of()))
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}

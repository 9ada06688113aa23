package org.hubdex.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path tmp;

    private ModelRegistry registry() {
        return ModelRegistry.open(tmp.resolve("registry"));
    }

    @Test
    void aPublishedVersionIsCurrentWithItsFilesAndManifest() throws IOException {
        ModelRegistry registry = registry();
        assertThat(registry.current()).isEmpty();
        assertThat(registry.versions()).isEmpty();

        String v1 = registry.newVersionId(Instant.parse("2026-11-25T19:04:05.678Z"));
        assertThat(v1).isEqualTo("2026-11-25T19-04-05Z");
        Path staged = Fixtures.stage(tmp, v1);
        VersionManifest manifest = Fixtures.manifest(v1, Optional.empty());
        registry.publish(v1, staged, manifest);

        assertThat(registry.current()).contains(v1);
        assertThat(registry.versions()).containsExactly(v1);
        assertThat(registry.manifest(v1)).isEqualTo(manifest);
        for (String f : Fixtures.FILES) {
            assertThat(registry.path(v1).resolve(f)).hasContent(Fixtures.content(v1, f));
        }
        assertThat(staged.resolve(Fixtures.FILES.get(0))).as("the staged files are copied, not taken").exists();
        assertThat(Files.readString(registry.root().resolve("current")).strip()).isEqualTo(v1);
        assertThat(ModelRegistry.open(registry.root()).manifest(v1)).as("a fresh reader").isEqualTo(manifest);
    }

    @Test
    void eachPublishReplacesTheCurrentVersionAndVersionsAreInOrder() throws IOException {
        ModelRegistry registry = registry();
        Instant t = Instant.parse("2026-11-25T19:04:05Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String v = registry.newVersionId(t); // twelve in one second: base, -1, ..., -11
            Fixtures.publish(registry, tmp, v);
            ids.add(v);
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids.get(1)).isEqualTo("2026-11-25T19-04-05Z-1");
        assertThat(registry.versions()).as("-10 after -9, not after -1").containsExactlyElementsOf(ids);
        assertThat(registry.current()).contains(ids.get(11));
        assertThat(registry.manifest(ids.get(11)).previousVersion()).contains(ids.get(10));
    }

    @Test
    void versionIdsStayUniqueAcrossInstancesAndSkipLeftovers() throws IOException {
        Instant t = Instant.parse("2026-11-25T19:04:05Z");
        ModelRegistry first = registry();
        String a = first.newVersionId(t);
        Fixtures.publish(first, tmp, a);
        Files.createDirectories(first.root().resolve(a + "-1")); // an interrupted publish's directory
        ModelRegistry second = registry();
        assertThat(second.newVersionId(t)).isEqualTo(a + "-2");
        assertThat(second.newVersionId(t)).as("issued ids are remembered before they are published").isEqualTo(a + "-3");
        assertThat(second.newVersionId(t.plusSeconds(1))).isEqualTo("2026-11-25T19-04-06Z");
    }

    @Test
    void aCandidateGatedAgainstAnotherVersionIsStale() throws IOException {
        ModelRegistry registry = registry();
        Fixtures.publish(registry, tmp, "v1");
        Fixtures.publish(registry, tmp, "v2");
        assertThatThrownBy(() -> registry.publish("v3", Fixtures.stage(tmp, "v3"), Fixtures.manifest("v3", Optional.of("v1"))))
                .isInstanceOf(StaleCandidateException.class).hasMessageContaining("v1").hasMessageContaining("v2");
        assertThatThrownBy(() -> registry.publish("v3", Fixtures.stage(tmp, "v3"), Fixtures.manifest("v3", Optional.empty())))
                .isInstanceOf(StaleCandidateException.class);
        assertThat(registry.current()).contains("v2");
        assertThat(registry.root().resolve("v3")).doesNotExist();
    }

    @Test
    void versionsAreImmutableButAnEqualRepublishIsHarmless() throws IOException {
        ModelRegistry registry = registry();
        Fixtures.publish(registry, tmp, "v1");
        VersionManifest same = Fixtures.manifest("v1", Optional.empty());
        registry.publish("v1", Fixtures.stage(tmp, "v1"), same);
        assertThat(registry.current()).contains("v1");

        VersionManifest other = VersionManifest.builder().setVersion("v1").setCreatedAt(Instant.EPOCH)
                .setTrainingData(same.trainingData()).optMetric("recall@10", 0.99).build();
        assertThatThrownBy(() -> registry.publish("v1", Fixtures.stage(tmp, "v1"), other))
                .isInstanceOf(VersionExistsException.class).hasMessageContaining("v1");
        assertThat(registry.manifest("v1")).isEqualTo(same);
    }

    @Test
    void retiringMarksAVersionButNeverTheCurrentOne() throws IOException {
        ModelRegistry registry = registry();
        Fixtures.publish(registry, tmp, "v1");
        Fixtures.publish(registry, tmp, "v2");
        assertThatThrownBy(() -> registry.retire("v2")).isInstanceOf(CannotRetireCurrentException.class).hasMessageContaining("v2");
        assertThat(registry.isRetired("v1")).isFalse();
        registry.retire("v1");
        registry.retire("v1");
        assertThat(registry.isRetired("v1")).isTrue();
        assertThat(registry.isRetired("v2")).isFalse();
        assertThat(registry.versions()).as("retired versions stay readable until pruned").containsExactly("v1", "v2");
        assertThat(registry.manifest("v1").version()).isEqualTo("v1");
        assertThatThrownBy(() -> registry.retire("v9")).isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void pruneDeletesOldRetiredVersionsAndLeftoversOnly() throws IOException {
        ModelRegistry registry = registry();
        for (String v : List.of("v1", "v2", "v3", "v4", "v5")) {
            Fixtures.publish(registry, tmp, v);
        }
        registry.retire("v1");
        registry.retire("v2");
        registry.retire("v3");
        Files.createDirectories(registry.root().resolve("v6").resolve("experts")); // interrupted publish
        Files.writeString(registry.root().resolve(".tmp-current-123"), "v6\n");    // interrupted move of current

        PruneReport report = registry.prune(1);

        assertThat(report.deletedVersions()).containsExactly("v1", "v2");
        assertThat(report.removedIncomplete()).containsExactly("v6");
        assertThat(registry.versions()).containsExactly("v3", "v4", "v5");
        assertThat(registry.root().resolve("v1")).doesNotExist();
        assertThat(registry.root().resolve(".tmp-current-123")).doesNotExist();
        assertThat(registry.current()).contains("v5");
        assertThat(registry.prune(0).deletedVersions()).as("v4 is not retired, v5 is current").containsExactly("v3");
        assertThat(registry.versions()).containsExactly("v4", "v5");
        assertThatThrownBy(() -> registry.prune(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void incompleteVersionsAreIgnoredAndReported() throws IOException {
        ModelRegistry registry = registry();
        Fixtures.publish(registry, tmp, "v1");
        Path partial = Files.createDirectories(registry.root().resolve("v2"));
        Files.writeString(partial.resolve("backbone.params"), "half");
        assertThat(registry.versions()).containsExactly("v1");
        assertThat(registry.incompleteVersions()).containsExactly("v2");
        assertThatThrownBy(() -> registry.manifest("v2")).isInstanceOf(VersionNotFoundException.class).hasMessageContaining("interrupted");
        assertThatThrownBy(() -> registry.path("v2")).isInstanceOf(VersionNotFoundException.class);
        Fixtures.publish(registry, tmp, "v2");
        assertThat(registry.incompleteVersions()).isEmpty();
        assertThat(registry.path("v2").resolve("backbone.params")).hasContent(Fixtures.content("v2", "backbone.params"));
    }

    @Test
    void badVersionIdsAreRefused() {
        ModelRegistry registry = registry();
        for (String bad : new String[] {"", " ", "../v1", "a/b", ".hidden", "current", "v 1", "x".repeat(200)}) {
            assertThatThrownBy(() -> registry.publish(bad, tmp, Fixtures.manifest("v1", Optional.empty())))
                    .as("'%s'", bad).isInstanceOf(InvalidVersionIdException.class);
            assertThatThrownBy(() -> registry.manifest(bad)).as("'%s'", bad).isInstanceOf(InvalidVersionIdException.class);
        }
        assertThatThrownBy(() -> Fixtures.manifest("../x", Optional.empty())).isInstanceOf(InvalidVersionIdException.class);
        assertThatThrownBy(() -> registry.publish("v2", tmp, Fixtures.manifest("v1", Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v1").hasMessageContaining("v2");
    }

    @Test
    void badStagedDirectoriesAreRefusedWithoutTouchingTheRegistry() throws IOException {
        ModelRegistry registry = registry();
        VersionManifest m = Fixtures.manifest("v1", Optional.empty());
        assertThatThrownBy(() -> registry.publish("v1", tmp.resolve("missing"), m))
                .isInstanceOf(InvalidStagedFilesException.class).hasMessageContaining("missing");
        Path empty = Files.createDirectories(tmp.resolve("empty").resolve("sub"));
        assertThatThrownBy(() -> registry.publish("v1", empty.getParent(), m))
                .isInstanceOf(InvalidStagedFilesException.class).hasMessageContaining("no files");
        Path withManifest = Fixtures.stage(tmp, "v1");
        Files.writeString(withManifest.resolve("MANIFEST.json"), "{}");
        assertThatThrownBy(() -> registry.publish("v1", withManifest, m))
                .isInstanceOf(InvalidStagedFilesException.class).hasMessageContaining("MANIFEST.json");
        Path withLink = Fixtures.stage(tmp, "v1");
        Files.createSymbolicLink(withLink.resolve("link.params"), withLink.resolve("backbone.params"));
        assertThatThrownBy(() -> registry.publish("v1", withLink, m))
                .isInstanceOf(InvalidStagedFilesException.class).hasMessageContaining("link");
        assertThat(registry.current()).isEmpty();
        assertThat(registry.versions()).isEmpty();
        assertThat(registry.incompleteVersions()).isEmpty();
    }

    @Test
    void corruptFilesAreTypedErrorsNamingTheFile() throws IOException {
        ModelRegistry registry = registry();
        Fixtures.publish(registry, tmp, "v1");
        Path manifest = registry.root().resolve("v1").resolve("MANIFEST.json");
        String good = Files.readString(manifest);

        Files.writeString(manifest, "{ not json");
        assertThatThrownBy(() -> registry.manifest("v1")).isInstanceOf(CorruptRegistryException.class).hasMessageContaining(manifest.toString());
        Files.writeString(manifest, good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        assertThatThrownBy(() -> registry.manifest("v1")).isInstanceOf(UnsupportedManifestFormatException.class)
                .hasMessageContaining("format version 2");
        Files.writeString(manifest, good.replace("\"version\" : \"v1\"", "\"version\" : \"v7\""));
        assertThatThrownBy(() -> registry.manifest("v1")).isInstanceOf(CorruptRegistryException.class).hasMessageContaining("v7");
        Files.writeString(manifest, good.replace("0.71", "\"high\""));
        assertThatThrownBy(() -> registry.manifest("v1")).isInstanceOf(CorruptRegistryException.class).hasMessageContaining("recall@10");
        Files.writeString(manifest, good);

        Files.writeString(registry.root().resolve("current"), "v9\n");
        assertThatThrownBy(registry::current).isInstanceOf(CorruptRegistryException.class).hasMessageContaining("v9");
        Files.writeString(registry.root().resolve("current"), "../etc\n");
        assertThatThrownBy(registry::current).isInstanceOf(CorruptRegistryException.class);
    }
}

package org.hubdex.trainer.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Staged versions and manifests for the registry tests: each version's files say which version they belong to. */
final class Fixtures {

    static final List<String> FILES = List.of("backbone.params", "experts/tree-0.params", "experts/tree-1.params");

    private Fixtures() {
    }

    /** A staged directory under {@code base} holding {@link #FILES}, each with {@link #content} of {@code version}. */
    static Path stage(Path base, String version) throws IOException {
        Path dir = Files.createDirectories(base.resolve("staged-" + version + "-" + System.nanoTime()));
        for (String f : FILES) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content(version, f));
        }
        return dir;
    }

    static String content(String version, String file) {
        return file + " of " + version;
    }

    static VersionManifest manifest(String version, Optional<String> previous) {
        return VersionManifest.builder()
                .setVersion(version)
                .setCreatedAt(Instant.parse("2026-11-25T19:04:05Z"))
                .setTrainingData(new TrainingDataSnapshot(42, Map.of("acme/base", 30L, "other/root", 12L),
                        TrainingDataSnapshot.contentHash(List.of(Map.entry("acme/a", "s1"), Map.entry("acme/b", "s2")))))
                .optComponent(VersionManifest.BACKBONE, "backbone-" + version)
                .optComponent(VersionManifest.PROBEX, "probex-" + version)
                .optComponent(VersionManifest.TOKENIZER, "dense-v1")
                .optConfiguration(Map.of("epochs", "5", "lr", "0.001"))
                .optMetric("recall@10", 0.71)
                .optMetric("category.accuracy", 0.88)
                .optPreviousVersion(previous)
                .build();
    }

    /** Publishes {@code version} on top of the current version. */
    static void publish(ModelRegistry registry, Path base, String version) throws IOException {
        registry.publish(version, stage(base, version), manifest(version, registry.current()));
    }
}

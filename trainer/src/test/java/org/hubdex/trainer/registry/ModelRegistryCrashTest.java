package org.hubdex.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A publish stopped at each of its steps (the observer throws, and nothing after it runs: no cleanup, as in a
 * crash), then a fresh registry over the same directory: {@code current} names a complete version, the interrupted
 * version is complete only once its manifest is in place, and publishing it again finishes it.
 */
class ModelRegistryCrashTest {

    @TempDir
    Path tmp;

    /** Thrown by the observer: the process "dies" here. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(PublishStep step) {
            super("crash at " + step);
        }
    }

    private ModelRegistry crashingAt(PublishStep step, String version) {
        return new ModelRegistry(tmp.resolve("registry"), Clock.systemUTC(), (reached, v) -> {
            if (reached == step && v.equals(version)) {
                throw new SimulatedCrash(step);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(PublishStep.class)
    void aCrashAtAnyStepLeavesCurrentNamingACompleteVersion(PublishStep step) throws IOException {
        ModelRegistry before = ModelRegistry.open(tmp.resolve("registry"));
        Fixtures.publish(before, tmp, "v1");
        Path staged = Fixtures.stage(tmp, "v2");
        VersionManifest m2 = Fixtures.manifest("v2", Optional.of("v1"));

        assertThatThrownBy(() -> crashingAt(step, "v2").publish("v2", staged, m2)).isInstanceOf(SimulatedCrash.class);

        ModelRegistry after = ModelRegistry.open(tmp.resolve("registry"));
        boolean manifestIn = step.compareTo(PublishStep.MANIFEST_WRITTEN) >= 0;
        boolean dirMade = step.compareTo(PublishStep.DIRECTORY_CREATED) >= 0;
        String expectedCurrent = step == PublishStep.CURRENT_MOVED ? "v2" : "v1";
        assertThat(after.current()).contains(expectedCurrent);
        assertThat(after.manifest(expectedCurrent).version()).isEqualTo(expectedCurrent);
        assertThat(after.versions()).containsExactlyElementsOf(manifestIn ? List.of("v1", "v2") : List.of("v1"));
        assertThat(after.incompleteVersions()).containsExactlyElementsOf(dirMade && !manifestIn ? List.of("v2") : List.of());
        for (String f : Fixtures.FILES) {
            assertThat(after.path("v1").resolve(f)).hasContent(Fixtures.content("v1", f));
        }

        // the trainer restarts and publishes the same candidate again: it finishes
        after.publish("v2", staged, m2);
        assertThat(after.current()).contains("v2");
        assertThat(after.manifest("v2")).isEqualTo(m2);
        for (String f : Fixtures.FILES) {
            assertThat(after.path("v2").resolve(f)).hasContent(Fixtures.content("v2", f));
        }
        assertThat(after.incompleteVersions()).isEmpty();
        after.prune(0);
        try (Stream<Path> all = Files.walk(after.root())) {
            assertThat(all.map(p -> p.getFileName().toString())).as("no temporary file survives a prune").noneMatch(n -> n.startsWith(".tmp-"));
        }
    }

    @Test
    void aCrashBeforeTheFirstVersionIsCurrentLeavesNoCurrentVersion() throws IOException {
        Path staged = Fixtures.stage(tmp, "v1");
        VersionManifest m1 = Fixtures.manifest("v1", Optional.empty());
        assertThatThrownBy(() -> crashingAt(PublishStep.CURRENT_STAGED, "v1").publish("v1", staged, m1)).isInstanceOf(SimulatedCrash.class);
        ModelRegistry after = ModelRegistry.open(tmp.resolve("registry"));
        assertThat(after.current()).isEmpty();
        assertThat(after.versions()).containsExactly("v1");
        after.publish("v1", staged, m1);
        assertThat(after.current()).contains("v1");
    }

    @Test
    void aCrashAfterTheFirstFileLeavesAHalfCopiedVersionThatIsReplacedWhole() throws IOException {
        Fixtures.publish(ModelRegistry.open(tmp.resolve("registry")), tmp, "v1");
        Path staged = Fixtures.stage(tmp, "v2");
        VersionManifest m2 = Fixtures.manifest("v2", Optional.of("v1"));
        assertThatThrownBy(() -> crashingAt(PublishStep.FILE_COPIED, "v2").publish("v2", staged, m2)).isInstanceOf(SimulatedCrash.class);
        Path v2 = tmp.resolve("registry").resolve("v2");
        try (Stream<Path> files = Files.walk(v2)) {
            assertThat(files.filter(Files::isRegularFile).count()).as("one file of three copied").isEqualTo(1);
        }
        // a different candidate under the same id (the old staging area is gone): the leftover is replaced, not merged
        Files.writeString(staged.resolve("backbone.params"), "retrained");
        ModelRegistry after = ModelRegistry.open(tmp.resolve("registry"));
        after.publish("v2", staged, m2);
        assertThat(after.path("v2").resolve("backbone.params")).hasContent("retrained");
    }
}

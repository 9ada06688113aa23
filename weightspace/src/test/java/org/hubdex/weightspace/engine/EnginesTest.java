package org.hubdex.weightspace.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.hubdex.weightspace.EngineUnavailableException;
import org.hubdex.weightspace.WeightspaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesTest {

    @Test
    void anEngineDjlCannotFindFailsWithATypedExceptionNamingTheJarsAndTheOfflineSetting() {
        assertThatThrownBy(() -> Engines.load("NoSuchEngine"))
                .isInstanceOf(EngineUnavailableException.class)
                .isInstanceOf(WeightspaceException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot load the DJL NoSuchEngine engine")
                .hasMessageContaining("ai.djl.pytorch:pytorch-native-cpu:2.5.1:linux-x86_64")
                .hasMessageContaining("ai.djl.pytorch:pytorch-jni:2.5.1-0.32.0")
                .hasMessageContaining("ai.djl.offline=true");
    }

    /**
     * The real failure: a JVM whose classpath lacks the pytorch-native-cpu jar and whose DJL cache is empty,
     * offline. DJL must not download the library; {@link Engines#pytorch()} must say what is missing.
     */
    @Test
    void withoutTheNativeJarOfflinePytorchFailsWithATypedExceptionInsteadOfDownloading(@TempDir Path djlCache)
            throws IOException, InterruptedException {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutNativeJar = Arrays.stream(testClassPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("pytorch-native-cpu"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutNativeJar).isNotEqualTo(testClassPath).contains("pytorch-engine");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + djlCache,
                "-cp", withoutNativeJar,
                NativeLibraryMissingProbe.class.getName()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();

        assertThat(probe.exitValue()).as(output).isEqualTo(NativeLibraryMissingProbe.FAILED_AS_EXPECTED);
        assertThat(output)
                .contains(NativeLibraryMissingProbe.PREFIX + EngineUnavailableException.class.getName())
                .contains("Cannot load the DJL PyTorch engine")
                .contains("ai.djl.pytorch:pytorch-native-cpu:2.5.1:linux-x86_64")
                .contains("ai.djl.offline=true");
    }

    /** Run by the test above in a JVM without the native jar. */
    static final class NativeLibraryMissingProbe {
        static final String PREFIX = "probe: ";
        static final int FAILED_AS_EXPECTED = 3;

        public static void main(String[] args) {
            try {
                Engines.pytorch();
                System.out.println(PREFIX + "loaded, although the native jar is not on the classpath");
                System.exit(1);
            } catch (EngineUnavailableException e) {
                System.out.println(PREFIX + e.getClass().getName() + ": " + e.getMessage());
                System.exit(FAILED_AS_EXPECTED);
            }
        }
    }
}

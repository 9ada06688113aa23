package org.hubdex.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hubdex.schemas.avro.GatedMode;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.junit.jupiter.api.Test;

class GeneratedClassTrustTest {

    @Test
    void trustsGeneratedRecordsAndEnumsOnly() {
        assertThat(GeneratedClassTrust.isGeneratedHubdexType(ModelEvent.class)).isTrue();
        assertThat(GeneratedClassTrust.isGeneratedHubdexType(GatedMode.class)).isTrue();
        assertThat(GeneratedClassTrust.isGeneratedHubdexType(GeneratedClassTrust.class)).isFalse();
        assertThat(GeneratedClassTrust.isGeneratedHubdexType(java.util.HashMap.class)).isFalse();
        assertThat(GeneratedClassTrust.isGeneratedHubdexType(File.class)).isFalse();
    }

    /**
     * In a JVM where no codec was ever created, building a record whose enum field takes its default
     * still works: the trust is installed by Avro's own start-up. Run in a fresh JVM because this
     * one has long since installed it.
     */
    @Test
    void aFreshJvmBuildsRecordsWithEnumDefaultsWithoutACodec() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                BuildWithoutCodec.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("gated=NONE");
    }

    /** The program {@link #aFreshJvmBuildsRecordsWithEnumDefaultsWithoutACodec} runs. */
    public static final class BuildWithoutCodec {
        public static void main(String[] args) {
            ModelEvent e = ModelEvent.newBuilder().setKind(ModelEventKind.CREATED).setModelId("a/b")
                    .setHubUrl("http://localhost").setObservedAt(java.time.Instant.EPOCH).setTags(List.of()).build();
            System.out.println("gated=" + e.getGated());
        }
    }
}

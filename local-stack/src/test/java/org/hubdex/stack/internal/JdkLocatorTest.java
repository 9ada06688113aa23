package org.hubdex.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkLocatorTest {

    @TempDir
    Path tmp;

    private Path jdk(String name, String version) throws IOException {
        Path home = tmp.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void picksTheNewestFeatureThenUpdate() throws IOException {
        Path j17 = jdk("jdk17", "17.0.15");
        Path j21a = jdk("jdk21a", "21.0.2");
        Path j21b = jdk("jdk21b", "21.0.7");
        Path notJdk = Files.createDirectories(tmp.resolve("docs"));
        assertThat(JdkLocator.newest(List.of(j17, j21b, notJdk, j21a), 17)).get()
                .extracting(JdkLocator.Jdk::home).isEqualTo(j21b.toRealPath());
        Path j25 = jdk("jdk25", "25");
        assertThat(JdkLocator.newest(List.of(j17, j25, j21a), 17).orElseThrow().feature()).isEqualTo(25);
    }

    @Test
    void honoursTheMinimumAndSkipsBrokenCandidates() throws IOException {
        Path j11 = jdk("jdk11", "11.0.2");
        Path noRelease = tmp.resolve("jre");
        Files.createDirectories(noRelease.resolve("bin"));
        assertThat(JdkLocator.newest(List.of(j11, noRelease, tmp.resolve("missing")), 17)).isEmpty();
        assertThat(JdkLocator.inspect(j11).orElseThrow().feature()).isEqualTo(11);
    }

    @Test
    void symlinksToTheSameJdkCountOnce() throws IOException {
        Path real = jdk("java-17-openjdk", "17.0.15");
        Path link = Files.createSymbolicLink(tmp.resolve("java-1.17.0-openjdk"), real);
        assertThat(JdkLocator.newest(List.of(link, real), 17).orElseThrow().home()).isEqualTo(real.toRealPath());
    }
}

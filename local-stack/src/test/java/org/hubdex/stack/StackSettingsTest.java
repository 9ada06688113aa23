package org.hubdex.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

    @TempDir
    Path tmp;

    private Path fakeJdk;

    @BeforeEach
    void fakeJdk() throws IOException {
        fakeJdk = tmp.resolve("jdk");
        Files.createDirectories(fakeJdk.resolve("bin"));
        Path java = Files.writeString(fakeJdk.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("HUBDEX_ES_JAVA_HOME", fakeJdk.toString());
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsWhenNothingIsSet() {
        StackSettings s = StackSettings.fromEnvironment(env(), tmp.resolve("repo"));
        assertThat(s.home()).isEqualTo(tmp.resolve("repo/.hubdex"));
        assertThat(s.kafkaPort()).isEqualTo(9092);
        assertThat(s.kafkaControllerPort()).isEqualTo(9093);
        assertThat(s.esHttpPort()).isEqualTo(9200);
        assertThat(s.esTransportPort()).isEqualTo(9300);
        assertThat(s.esHeap()).isEqualTo("512m");
        assertThat(s.esUser()).isEqualTo("hubdex");
        assertThat(s.esJavaHome()).isEqualTo(fakeJdk);
        assertThat(s.kafkaStartTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.kafkaBootstrap()).isEqualTo("localhost:9092");
        assertThat(s.esUri().toString()).isEqualTo("http://localhost:9200");
    }

    @Test
    void environmentOverridesEveryDefault() {
        StackSettings s = StackSettings.fromEnvironment(env(
                "HUBDEX_HOME", tmp.resolve("h").toString(),
                "HUBDEX_KAFKA_PORT", "19092", "HUBDEX_KAFKA_CONTROLLER_PORT", "19093",
                "HUBDEX_ES_PORT", "19200", "HUBDEX_ES_TRANSPORT_PORT", "19300",
                "HUBDEX_ES_HEAP", "1g", "HUBDEX_KAFKA_HEAP", "768m", "HUBDEX_ES_USER", "esrunner",
                "HUBDEX_KAFKA_START_TIMEOUT", "2m", "HUBDEX_ES_START_TIMEOUT", "PT90S", "HUBDEX_STOP_TIMEOUT", "500ms"),
                tmp);
        assertThat(s.home()).isEqualTo(tmp.resolve("h"));
        assertThat(s.kafkaPort()).isEqualTo(19092);
        assertThat(s.esTransportPort()).isEqualTo(19300);
        assertThat(s.esHeap()).isEqualTo("1g");
        assertThat(s.kafkaHeap()).isEqualTo("768m");
        assertThat(s.esUser()).isEqualTo("esrunner");
        assertThat(s.kafkaStartTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.esStartTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.stopTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(env("HUBDEX_KAFKA_PORT", "ninety"), tmp))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("HUBDEX_KAFKA_PORT").hasMessageContaining("ninety");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(env("HUBDEX_ES_PORT", "70000"), tmp))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("HUBDEX_ES_PORT");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(env("HUBDEX_ES_HEAP", "lots"), tmp))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("HUBDEX_ES_HEAP").hasMessageContaining("512m");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(env("HUBDEX_ES_USER", "Root User"), tmp))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("HUBDEX_ES_USER");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(env("HUBDEX_STOP_TIMEOUT", "soon"), tmp))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("HUBDEX_STOP_TIMEOUT");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(env("HUBDEX_STOP_TIMEOUT", "0"), tmp))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("positive");
    }

    @Test
    void portsMustDiffer() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(env("HUBDEX_ES_PORT", "9092"), tmp))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("HUBDEX_KAFKA_PORT").hasMessageContaining("HUBDEX_ES_PORT").hasMessageContaining("9092");
    }

    @Test
    void esJavaHomeMustBeAJdk() {
        Map<String, String> env = env();
        env.put("HUBDEX_ES_JAVA_HOME", tmp.resolve("nothing").toString());
        assertThatThrownBy(() -> StackSettings.fromEnvironment(env, tmp))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("HUBDEX_ES_JAVA_HOME").hasMessageContaining("bin/java");
    }

    @Test
    void withoutEsJavaHomeTheNewestInstalledJdkIsChosen() {
        StackSettings s = StackSettings.fromEnvironment(Map.of(), tmp);
        assertThat(s.esJavaHome().resolve("bin/java")).isExecutable();
    }

    @Test
    void copiesChangeOnlyWhatTheyName() {
        StackSettings s = StackSettings.fromEnvironment(env(), tmp);
        StackSettings free = s.withHome(tmp.resolve("other")).withFreePorts();
        assertThat(free.home()).isEqualTo(tmp.resolve("other"));
        assertThat(free.esHeap()).isEqualTo(s.esHeap());
        assertThat(java.util.Set.of(free.kafkaPort(), free.kafkaControllerPort(), free.esHttpPort(), free.esTransportPort())).hasSize(4);
    }

    @Test
    void describeAndDocumentationListEveryVariable() {
        StackSettings s = StackSettings.fromEnvironment(env(), tmp);
        String described = s.describe();
        String table = StackSettings.documentationTable();
        for (StackSettings.Key k : StackSettings.Key.values()) {
            assertThat(described).contains(k.env());
            assertThat(table).contains("`" + k.env() + "`");
        }
        assertThat(described).contains("HUBDEX_KAFKA_PORT", "= 9092");
    }
}

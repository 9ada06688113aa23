package org.hubdex.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings of {@code ops/hub}: flags over variables over defaults, validation, masking, README table; builder checks. */
class LocalHubSettingsTest {

    @Test
    void flagsWinOverVariablesWhichWinOverDefaults() {
        LocalHubSettings s = LocalHubSettings.resolve(List.of("--port", "9100", "--faults=500:p=0.5"),
                Map.of("HUBDEX_HUB_PORT", "9000", "HUBDEX_HUB_ROOT", "/data/hub", "HUBDEX_HUB_SETTLE", "2s"), Path.of("/home/h"));
        assertThat(s.port()).isEqualTo(9100);
        assertThat(s.root()).isEqualTo(Path.of("/data/hub"));
        assertThat(s.settleTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.faults().toSpec()).isEqualTo("500:p=0.5");
        LocalHubSettings defaults = LocalHubSettings.resolve(List.of(), Map.of(), Path.of("/home/h"));
        assertThat(defaults.port()).isEqualTo(8900);
        assertThat(defaults.root()).isEqualTo(Path.of("/home/h/hub"));
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.rescanInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.faults().isEmpty()).isTrue();
    }

    @Test
    void badValuesNameTheirFlagOrVariable() {
        assertThatThrownBy(() -> LocalHubSettings.resolve(List.of(), Map.of("HUBDEX_HUB_PORT", "http"), Path.of("/h")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("HUBDEX_HUB_PORT");
        assertThatThrownBy(() -> LocalHubSettings.resolve(List.of("--port", "70000"), Map.of(), Path.of("/h")))
                .hasMessageContaining("--port must be an integer from 0 to 65535");
        assertThatThrownBy(() -> LocalHubSettings.resolve(List.of("--settle", "soon"), Map.of(), Path.of("/h")))
                .hasMessageContaining("--settle must be a duration");
        assertThatThrownBy(() -> LocalHubSettings.resolve(List.of("--faults", "boom"), Map.of(), Path.of("/h")))
                .hasMessageContaining("--faults").hasMessageContaining("unknown mode 'boom'");
        assertThatThrownBy(() -> LocalHubSettings.resolve(List.of("--colour", "red"), Map.of(), Path.of("/h")))
                .hasMessageContaining("unknown argument '--colour'");
        assertThatThrownBy(() -> LocalHubSettings.resolve(List.of("--root"), Map.of(), Path.of("/h"))).hasMessageContaining("needs a value");
    }

    @Test
    void describeMasksTheToken() {
        LocalHubSettings s = LocalHubSettings.resolve(List.of("--token", "hf_secret"), Map.of(), Path.of("/h"));
        assertThat(s.token()).hasValue("hf_secret");
        assertThat(s.describe()).contains("HUBDEX_HUB_TOKEN    = ****").doesNotContain("hf_secret");
    }

    @Test
    void theReadmeShowsTheGeneratedSettingsTable() throws Exception {
        Path readme = Path.of(System.getProperty("hubdex.repo.root", "..")).resolve("local-hub/README.md");
        assertThat(Files.readString(readme)).contains(LocalHubSettings.documentationTable());
    }

    @Test
    void builderExplainsBadSettings(@TempDir Path dir) {
        assertThatThrownBy(() -> LocalHubServer.builder().build()).isInstanceOf(InvalidSettingException.class).hasMessageContaining("setRoot");
        assertThatThrownBy(() -> LocalHubServer.builder().setRoot(dir.resolve("missing")).build()).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> LocalHubServer.builder().setRoot(dir).optPort(-1).build()).hasMessageContaining("port must be");
        assertThatThrownBy(() -> LocalHubServer.builder().setRoot(dir).optRescanInterval(Duration.ZERO).build())
                .hasMessageContaining("optPeriodicRescan(false)");
        assertThatThrownBy(() -> LocalHubServer.builder().setRoot(dir).optToken("two words").build()).hasMessageContaining("whitespace");
    }

    @Test
    void aTakenPortIsAPortInUseException(@TempDir Path dir) {
        try (LocalHubServer first = LocalHubServer.builder().setRoot(dir).optPeriodicRescan(false).build().start()) {
            assertThatThrownBy(() -> LocalHubServer.builder().setRoot(dir).optPort(first.port()).build().start())
                    .isInstanceOf(PortInUseException.class).hasMessageContaining("HUBDEX_HUB_PORT");
        }
    }

    @Test
    void cliRefusesBadUsageWithExitCode2AndPrintsHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalHubCli.run(new String[] {"--bogus"}, Map.of(), new PrintStream(out), new PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--bogus'");
        out.reset();
        assertThat(LocalHubCli.run(new String[] {"--help"}, Map.of(), new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("HUBDEX_HUB_ROOT").contains("--faults");
        assertThat(LocalHubCli.run(new String[] {"--root", "/nonexistent/hub/root"}, Map.of(), new PrintStream(out), new PrintStream(err)))
                .isEqualTo(1);
    }
}

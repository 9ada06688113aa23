package org.hubdex.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendsSettingsTest {

    @Test
    void defaultsComeFromTheKeys() {
        TrendsSettings s = TrendsSettings.fromEnvironment(Map.of("HUBDEX_HOME", "/data/hubdex"));
        assertThat(s.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(s.applicationId()).isEqualTo("hubdex-trends");
        assertThat(s.stateDir()).isEqualTo(Path.of("/data/hubdex/trends"));
        assertThat(s.windows()).containsExactly(WindowSpec.tumbling(Duration.ofHours(1)), WindowSpec.tumbling(Duration.ofDays(1)));
        assertThat(s.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.retention()).isEqualTo(Duration.ofDays(730));
        assertThat(s.alertFactor()).isEqualTo(3.0);
        assertThat(s.alertMinCount()).isEqualTo(5);
        assertThat(s.baselineWindows()).isEqualTo(24);
        assertThat(s.partitions()).isEqualTo(3);
        assertThat(s.standbyReplicas()).isZero();
        assertThat(s.httpPort()).isEqualTo(8930);
        assertThat(s.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.sessionTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void environmentOverridesAndIsValidatedWithMessagesNamingTheVariable() {
        TrendsSettings s = TrendsSettings.fromEnvironment(Map.of("HUBDEX_TRENDS_WINDOWS", "15m, 1d/1h", "HUBDEX_TRENDS_STANDBY_REPLICAS", "1"));
        assertThat(s.windows()).containsExactly(WindowSpec.tumbling(Duration.ofMinutes(15)), new WindowSpec(Duration.ofDays(1), Duration.ofHours(1)));
        assertThat(s.standbyReplicas()).isEqualTo(1);
        assertThatThrownBy(() -> TrendsSettings.fromEnvironment(Map.of("HUBDEX_TRENDS_WINDOWS", "1d/7h")))
                .isInstanceOf(InvalidTrendsSettingException.class).hasMessageContaining("must divide");
        assertThatThrownBy(() -> TrendsSettings.fromEnvironment(Map.of("HUBDEX_TRENDS_ALERT_FACTOR", "0.5"))).hasMessageContaining("HUBDEX_TRENDS_ALERT_FACTOR");
        assertThatThrownBy(() -> TrendsSettings.fromEnvironment(Map.of("HUBDEX_TRENDS_RETENTION", "12h"))).hasMessageContaining("at least the largest window");
        assertThatThrownBy(() -> TrendsSettings.fromEnvironment(Map.of("HUBDEX_TRENDS_APPLICATION_ID", "a b"))).hasMessageContaining("HUBDEX_TRENDS_APPLICATION_ID");
        assertThatThrownBy(() -> TrendsSettings.fromEnvironment(Map.of("HUBDEX_TRENDS_GRACE", "soon"))).hasMessageContaining("HUBDEX_TRENDS_GRACE");
        assertThatThrownBy(() -> TrendsSettings.fromEnvironment(Map.of("HUBDEX_TRENDS_PORT", "x"))).hasMessageContaining("integer");
        assertThatThrownBy(() -> TrendsSettings.fromEnvironment(Map.of("HUBDEX_TRENDS_SESSION_TIMEOUT", "1s"))).hasMessageContaining("6s-5m");
    }

    @Test
    void aFileGivesDefaultsTheEnvironmentOverrides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trends.env");
        Files.writeString(file, "# trends\nHUBDEX_TRENDS_PORT=9000\nHUBDEX_TRENDS_WINDOWS=1h\n");
        TrendsSettings s = TrendsSettings.fromFileAndEnvironment(file, Map.of("HUBDEX_TRENDS_PORT", "9001"));
        assertThat(s.httpPort()).isEqualTo(9001);
        assertThat(s.windows()).hasSize(1);
        assertThat(s.with(TrendsSettings.Key.PARTITIONS, "6").partitions()).isEqualTo(6);
        assertThat(s.describe()).contains("HUBDEX_TRENDS_PORT=9001", "HUBDEX_TRENDS_WINDOWS=1h");
    }

    @Test
    void windowSpecsNameAndPlaceTheirWindows() {
        WindowSpec hopping = WindowSpec.parse("1d/6h");
        assertThat(hopping.name()).isEqualTo("1d-every-6h");
        assertThat(hopping.startsContaining(Duration.ofHours(25).toMillis()))
                .containsExactly(Duration.ofHours(6).toMillis(), Duration.ofHours(12).toMillis(), Duration.ofHours(18).toMillis(),
                        Duration.ofHours(24).toMillis());
        assertThat(WindowSpec.parse("1h").startsContaining(-1)).as("before the epoch").containsExactly(-3_600_000L);
        assertThat(List.of(WindowSpec.parse("90m").name(), WindowSpec.parse("PT2H").name())).containsExactly("90m", "2h");
    }

    @Test
    void theReadmeTableIsGeneratedFromTheKeys() throws IOException {
        Path readme = Path.of(System.getProperty("hubdex.repo.root", "..")).resolve("trends/README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md"); // built with -f trends/pom.xml: the module is the working directory
        }
        assertThat(Files.readString(readme)).as("trends/README.md must contain TrendsSettings.documentationTable()")
                .contains(TrendsSettings.documentationTable());
        assertThat(TrendsCli.help()).contains("HUBDEX_TRENDS_WINDOWS", "--config");
    }
}

package org.hubdex.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hubdex.trainer.gate.Direction;
import org.hubdex.trainer.gate.MetricRule;
import org.hubdex.trainer.schedule.RetrainPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerSettingsTest {

    @Test
    void defaultsComeFromTheKeys() {
        TrainerSettings s = TrainerSettings.fromEnvironment(Map.of());
        assertThat(s.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(s.registryDir()).isEqualTo(Path.of(".hubdex/registry"));
        assertThat(s.retrainPolicy()).isEqualTo(RetrainPolicy.DEFAULT);
        assertThat(s.checkInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.gateMetrics()).containsExactly(
                new MetricRule("category.elementAccuracy", Direction.HIGHER_IS_BETTER, 0.02),
                new MetricRule("retrieval.hit@5", Direction.HIGHER_IS_BETTER, 0.05),
                new MetricRule("router.accuracy", Direction.HIGHER_IS_BETTER, 0.02));
        assertThat(s.qualityGate().rules()).isEqualTo(s.gateMetrics());
        assertThat(s.keepRetired()).isEqualTo(3);
        assertThat(s.ackTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(TrainerSettings.fromEnvironment(Map.of("HUBDEX_HOME", "/data/hubdex")).registryDir()).isEqualTo(Path.of("/data/hubdex/registry"));
    }

    @Test
    void environmentOverridesAndIsValidatedWithMessagesNamingTheVariable() {
        TrainerSettings s = TrainerSettings.fromEnvironment(Map.of("HUBDEX_TRAINER_INTERVAL", "2h", "HUBDEX_TRAINER_MIN_NEW_ENTRIES", "10",
                "HUBDEX_TRAINER_MIN_GAP", "0", "HUBDEX_TRAINER_GATE_METRICS", "loss:lower:0.1", "HUBDEX_TRAINER_REGISTRY_DIR", "/srv/registry"));
        assertThat(s.retrainPolicy()).isEqualTo(new RetrainPolicy(Duration.ofHours(2), 10, Duration.ZERO));
        assertThat(s.gateMetrics()).containsExactly(new MetricRule("loss", Direction.LOWER_IS_BETTER, 0.1));
        assertThat(s.registryDir()).isEqualTo(Path.of("/srv/registry"));
        assertThatThrownBy(() -> TrainerSettings.fromEnvironment(Map.of("HUBDEX_TRAINER_INTERVAL", "soon")))
                .isInstanceOf(InvalidTrainerSettingException.class).hasMessageContaining("HUBDEX_TRAINER_INTERVAL");
        assertThatThrownBy(() -> TrainerSettings.fromEnvironment(Map.of("HUBDEX_TRAINER_MIN_GAP", "7h")))
                .hasMessageContaining("HUBDEX_TRAINER_MIN_GAP").hasMessageContaining("must not exceed HUBDEX_TRAINER_INTERVAL");
        assertThatThrownBy(() -> TrainerSettings.fromEnvironment(Map.of("HUBDEX_TRAINER_MIN_NEW_ENTRIES", "0")))
                .hasMessageContaining("HUBDEX_TRAINER_MIN_NEW_ENTRIES");
        assertThatThrownBy(() -> TrainerSettings.fromEnvironment(Map.of("HUBDEX_TRAINER_MIN_NEW_ENTRIES", "many")))
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> TrainerSettings.fromEnvironment(Map.of("HUBDEX_TRAINER_GATE_METRICS", "recall@10:up:0.1")))
                .isInstanceOf(InvalidTrainerSettingException.class).hasMessageContaining("HUBDEX_TRAINER_GATE_METRICS").hasMessageContaining("higher");
        assertThatThrownBy(() -> TrainerSettings.fromEnvironment(Map.of("HUBDEX_TRAINER_GATE_METRICS", " , ")))
                .hasMessageContaining("at least one metric");
        assertThatThrownBy(() -> TrainerSettings.fromEnvironment(Map.of("HUBDEX_TRAINER_ACK_TIMEOUT", "10ms")))
                .hasMessageContaining("HUBDEX_TRAINER_ACK_TIMEOUT");
    }

    @Test
    void aPropertiesFileGivesDefaultsTheEnvironmentOverrides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trainer.properties");
        Files.writeString(file, "# trainer\nHUBDEX_TRAINER_INTERVAL=3h\nHUBDEX_TRAINER_KEEP_RETIRED=5\nHUBDEX_TRAINER_TYPO=1\n");
        TrainerSettings s = TrainerSettings.fromFileAndEnvironment(file, Map.of("HUBDEX_TRAINER_KEEP_RETIRED", "7"));
        assertThat(s.interval()).isEqualTo(Duration.ofHours(3));
        assertThat(s.keepRetired()).isEqualTo(7);
        assertThat(s.with(TrainerSettings.Key.MIN_GAP, "1m").minGap()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.describe()).contains("HUBDEX_TRAINER_INTERVAL=3h", "HUBDEX_TRAINER_KEEP_RETIRED=7",
                "HUBDEX_TRAINER_GATE_METRICS=category.elementAccuracy:higher:0.02,retrieval.hit@5:higher:0.05,router.accuracy:higher:0.02");
        assertThat(TrainerSettings.fromEnvironment(s.asEnvironment())).as("the effective settings read back").isEqualTo(s);
        assertThatThrownBy(() -> TrainerSettings.fromFileAndEnvironment(dir.resolve("missing.properties"), Map.of()))
                .isInstanceOf(InvalidTrainerSettingException.class).hasMessageContaining("missing.properties");
    }

    @Test
    void theReadmeTableIsGeneratedFromTheKeys() throws IOException {
        Path readme = Path.of(System.getProperty("hubdex.repo.root", "..")).resolve("trainer/README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md"); // built with -f trainer/pom.xml: the module is the working directory
        }
        assertThat(Files.readString(readme)).as("trainer/README.md must contain TrainerSettings.documentationTable()")
                .contains(TrainerSettings.documentationTable());
    }
}

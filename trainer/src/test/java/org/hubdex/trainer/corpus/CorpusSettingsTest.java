package org.hubdex.trainer.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusSettingsTest {

    @Test
    void defaultsComeFromTheKeys() {
        CorpusSettings s = CorpusSettings.fromEnvironment(Map.of());
        assertThat(s.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(s.dir()).isEqualTo(Path.of(".hubdex", "corpus"));
        assertThat(s.groupId()).isEqualTo("hubdex-trainer-corpus");
        assertThat(s.eventsTopic()).isEqualTo("hub.model-events");
        assertThat(s.tokensTopic()).isEqualTo("hub.weight-tokens");
        assertThat(s.deadLetterTopic()).isEqualTo("hub.dead-letters");
        assertThat(s.fetchConcurrency()).isEqualTo(4);
        assertThat(s.cardMaxChars()).isEqualTo(8192);
        assertThat(s.eventCache()).isEqualTo(100_000);
        assertThat(s.progressInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.retryMaxWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(CorpusSettings.fromEnvironment(Map.of("HUBDEX_HOME", "/var/lib/hubdex")).dir()).isEqualTo(Path.of("/var/lib/hubdex/corpus"));
    }

    @Test
    void theEnvironmentOverridesAndIsValidated() {
        CorpusSettings s = CorpusSettings.fromEnvironment(Map.of("HUBDEX_CORPUS_DIR", "/data/corpus", "HUBDEX_CORPUS_GROUP", "corpus-2",
                "HUBDEX_CORPUS_PROGRESS_INTERVAL", "500ms", "HUBDEX_CORPUS_FETCH_CONCURRENCY", "16", "HUBDEX_HOME", "/elsewhere"));
        assertThat(s.dir()).isEqualTo(Path.of("/data/corpus"));
        assertThat(s.groupId()).isEqualTo("corpus-2");
        assertThat(s.progressInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.fetchConcurrency()).isEqualTo(16);
        assertThatThrownBy(() -> CorpusSettings.fromEnvironment(Map.of("HUBDEX_CORPUS_FETCH_CONCURRENCY", "0")))
                .isInstanceOf(InvalidCorpusSettingException.class).hasMessageContaining("HUBDEX_CORPUS_FETCH_CONCURRENCY").hasMessageContaining("1-64");
        assertThatThrownBy(() -> CorpusSettings.fromEnvironment(Map.of("HUBDEX_CORPUS_CARD_MAX_CHARS", "many")))
                .isInstanceOf(InvalidCorpusSettingException.class).hasMessageContaining("integer");
        assertThatThrownBy(() -> CorpusSettings.fromEnvironment(Map.of("HUBDEX_CORPUS_GROUP", "a b")))
                .hasMessageContaining("HUBDEX_CORPUS_GROUP");
        assertThatThrownBy(() -> CorpusSettings.fromEnvironment(Map.of("HUBDEX_CORPUS_RETRY_MAX_WAIT", "soon")))
                .hasMessageContaining("HUBDEX_CORPUS_RETRY_MAX_WAIT");
    }

    @Test
    void aFileGivesDefaultsTheEnvironmentOverrides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("corpus.env");
        Files.writeString(file, "# corpus\nHUBDEX_CORPUS_DIR=/from/file\nHUBDEX_CORPUS_EVENT_CACHE=10\n\n");
        CorpusSettings s = CorpusSettings.fromFileAndEnvironment(file, Map.of("HUBDEX_CORPUS_EVENT_CACHE", "20"));
        assertThat(s.dir()).isEqualTo(Path.of("/from/file"));
        assertThat(s.eventCache()).isEqualTo(20);
        Files.writeString(file, "HUBDEX_CORPUS_DIR\n");
        assertThatThrownBy(() -> CorpusSettings.fromFileAndEnvironment(file, Map.of())).hasMessageContaining("line 1");
    }

    @Test
    void withChangesOneSettingAndKeepsTheTopics() {
        CorpusSettings s = CorpusSettings.fromEnvironment(Map.of()).withTopics("e", "t", "d").with(CorpusSettings.Key.CARD_MAX_CHARS, "100");
        assertThat(s.cardMaxChars()).isEqualTo(100);
        assertThat(s.tokensTopic()).isEqualTo("t");
        assertThat(s.describe()).contains("HUBDEX_CORPUS_CARD_MAX_CHARS=100", "HUBDEX_CORPUS_PROGRESS_INTERVAL=30s", "topics: e + t, dead letters d");
    }

    @Test
    void theReadmeTableIsGeneratedFromTheKeys() throws IOException {
        Path readme = Path.of(System.getProperty("hubdex.repo.root", "..")).resolve("trainer/README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md"); // built with -f trainer/pom.xml: the module is the working directory
        }
        assertThat(Files.readString(readme)).as("trainer/README.md must contain CorpusSettings.documentationTable()")
                .contains(CorpusSettings.documentationTable());
    }
}

package org.hubdex.indexer.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedderSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void defaults() {
        EmbedderSettings s = EmbedderSettings.fromEnvironment(Map.of());
        assertThat(s.tokensTopic()).isEqualTo("hub.weight-tokens");
        assertThat(s.embeddingsTopic()).isEqualTo("hub.model-embeddings");
        assertThat(s.groupId()).isEqualTo("hubdex-embedder");
        assertThat(s.batchSize()).isEqualTo(32);
        assertThat(s.logInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.backfillGroupId("v1")).isEqualTo("hubdex-embedder-backfill-v1");
    }

    @Test
    void theEnvironmentOverridesTheFile() throws Exception {
        Path file = tmp.resolve("embedder.properties");
        Files.writeString(file, "HUBDEX_EMBEDDER_BATCH_SIZE=8\nHUBDEX_EMBEDDER_THREADS=3\n");
        EmbedderSettings s = EmbedderSettings.fromFileAndEnvironment(file, Map.of("HUBDEX_EMBEDDER_THREADS", "4"));
        assertThat(s.batchSize()).isEqualTo(8);
        assertThat(s.threads()).isEqualTo(4);
        assertThat(s.with(EmbedderSettings.Key.BACKFILL_RATE, "2.5").backfillRate()).isEqualTo(2.5);
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> EmbedderSettings.fromEnvironment(Map.of("HUBDEX_EMBEDDER_BATCH_SIZE", "0")))
                .isInstanceOf(InvalidEmbedderSettingException.class).hasMessageContaining("HUBDEX_EMBEDDER_BATCH_SIZE");
        assertThatThrownBy(() -> EmbedderSettings.fromEnvironment(Map.of("HUBDEX_EMBEDDER_BACKFILL_RATE", "fast")))
                .isInstanceOf(InvalidEmbedderSettingException.class).hasMessageContaining("HUBDEX_EMBEDDER_BACKFILL_RATE");
        assertThatThrownBy(() -> EmbedderSettings.fromEnvironment(Map.of("HUBDEX_EMBEDDER_LOG_INTERVAL", "soon")))
                .isInstanceOf(InvalidEmbedderSettingException.class).hasMessageContaining("HUBDEX_EMBEDDER_LOG_INTERVAL");
    }

    @Test
    void theReadmeTableIsTheDeclaration() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains(EmbedderSettings.documentationTable());
    }
}

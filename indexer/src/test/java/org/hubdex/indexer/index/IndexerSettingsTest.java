package org.hubdex.indexer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexerSettingsTest {

    @Test
    void defaultsAndOverrides() {
        IndexerSettings s = IndexerSettings.fromEnvironment(Map.of());
        assertThat(s.groupId()).isEqualTo("hubdex-indexer");
        assertThat(s.layout()).isEqualTo(IndexLayout.defaults());
        assertThat(s.elasticsearchUrl().toString()).isEqualTo("http://localhost:9200");
        assertThat(s.keepIndices()).isEqualTo(2);
        assertThat(s.backoff()).isEqualTo(Backoff.defaults());
        IndexerSettings o = s.with(IndexerSettings.Key.BACKBONE_DIMS, "128").with(IndexerSettings.Key.RETRY_MAX, "2m");
        assertThat(o.layout().backboneDims()).hasValue(128);
        assertThat(o.backoff().max()).isEqualTo(Duration.ofMinutes(2));
        assertThat(IndexerSettings.fromEnvironment(o.asEnvironment())).isEqualTo(o);
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> IndexerSettings.fromEnvironment(Map.of("HUBDEX_INDEXER_KEEP_INDICES", "0")))
                .isInstanceOf(InvalidIndexerSettingException.class).hasMessageContaining("HUBDEX_INDEXER_KEEP_INDICES");
        assertThatThrownBy(() -> IndexerSettings.fromEnvironment(Map.of("HUBDEX_INDEXER_RETRY_BASE", "soon")))
                .hasMessageContaining("HUBDEX_INDEXER_RETRY_BASE");
        assertThatThrownBy(() -> IndexerSettings.fromEnvironment(Map.of("HUBDEX_ES_URL", "localhost")))
                .hasMessageContaining("HUBDEX_ES_URL");
        assertThatThrownBy(() -> IndexerSettings.fromEnvironment(Map.of("HUBDEX_INDEXER_ALIAS", "Models")))
                .hasMessageContaining("HUBDEX_INDEXER_ALIAS");
        assertThatThrownBy(() -> IndexerSettings.fromEnvironment(Map.of("HUBDEX_INDEXER_AUTO_BUILD", "yes")))
                .hasMessageContaining("HUBDEX_INDEXER_AUTO_BUILD");
    }

    @Test
    void theReadmeTableIsTheDeclaredOne() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).as("indexer/README.md must hold IndexerSettings.documentationTable() verbatim")
                .contains(IndexerSettings.documentationTable());
    }
}

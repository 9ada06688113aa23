package org.hubdex.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrawlerSettingsTest {

    @Test
    void defaultsComeFromTheKeys() {
        CrawlerSettings s = CrawlerSettings.fromEnvironment(Map.of(), "https://huggingface.co");
        assertThat(s.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(s.crawlerId()).isEqualTo("huggingface.co");
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.sorts()).containsExactly("createdAt", "lastModified");
        assertThat(s.pageSize()).isEqualTo(500);
        assertThat(s.initialLookback()).isEmpty();
        assertThat(s.metricsPort()).contains(9465);
        assertThat(CrawlerSettings.fromEnvironment(Map.of(), "http://127.0.0.1:8900").crawlerId()).isEqualTo("127.0.0.1:8900");
    }

    @Test
    void environmentOverridesAndIsValidated() {
        CrawlerSettings s = CrawlerSettings.fromEnvironment(Map.of("HUBDEX_CRAWLER_INTERVAL", "5m", "HUBDEX_CRAWLER_LOOKBACK", "7d",
                "HUBDEX_CRAWLER_SORTS", "lastModified", "HUBDEX_CRAWLER_METRICS_PORT", "off", "HUBDEX_CRAWLER_ID", "hf-main"), "https://x");
        assertThat(s.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.initialLookback()).contains(Duration.ofDays(7));
        assertThat(s.sorts()).containsExactly("lastModified");
        assertThat(s.metricsPort()).isEmpty();
        assertThat(s.crawlerId()).isEqualTo("hf-main");
        assertThatThrownBy(() -> CrawlerSettings.fromEnvironment(Map.of("HUBDEX_CRAWLER_SORTS", "likes"), "https://x"))
                .hasMessageContaining("HUBDEX_CRAWLER_SORTS");
        assertThatThrownBy(() -> CrawlerSettings.fromEnvironment(Map.of("HUBDEX_CRAWLER_PAGE_SIZE", "5000"), "https://x"))
                .hasMessageContaining("1-1000");
        assertThatThrownBy(() -> CrawlerSettings.fromEnvironment(Map.of("HUBDEX_CRAWLER_ID", "a b"), "https://x"))
                .hasMessageContaining("HUBDEX_CRAWLER_ID");
        assertThatThrownBy(() -> CrawlerSettings.fromEnvironment(Map.of("HUBDEX_CRAWLER_INTERVAL", "soon"), "https://x"))
                .isInstanceOf(InvalidCrawlerSettingException.class);
    }

    @Test
    void withCopiesChangeOneField() {
        CrawlerSettings s = CrawlerSettings.fromEnvironment(Map.of(), "https://x").withPageSize(7).withSorts(List.of("createdAt"))
                .withInitialLookback(Optional.of(Duration.ofHours(1)));
        assertThat(s.pageSize()).isEqualTo(7);
        assertThat(s.sorts()).containsExactly("createdAt");
        assertThat(s.initialMark(java.time.Instant.parse("2026-01-01T01:00:00Z"))).contains(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void theReadmeTableIsGeneratedFromTheKeys() throws IOException {
        Path readme = Path.of(System.getProperty("hubdex.repo.root", "..")).resolve("crawler/README.md");
        assertThat(Files.readString(readme)).as("crawler/README.md must contain CrawlerSettings.documentationTable()")
                .contains(CrawlerSettings.documentationTable());
    }
}

package org.hubdex.jobs.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hubdex.weightspace.tokenize.TokenPrecision;
import org.junit.jupiter.api.Test;

class TokenizeSettingsTest {

    @Test
    void defaultsComeFromTheDeclarationAndTheTopicCatalogue() {
        TokenizeSettings s = TokenizeSettings.fromEnvironment(Map.of());
        assertThat(s.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(s.hubEndpoint()).isEqualTo("https://huggingface.co");
        assertThat(s.eventsTopic()).isEqualTo("hub.model-events");
        assertThat(s.tokensTopic()).isEqualTo("hub.weight-tokens");
        assertThat(s.deadLetterTopic()).isEqualTo("hub.dead-letters");
        assertThat(s.groupId()).isEqualTo("hubdex-tokenize").isEqualTo(s.transactionalIdPrefix());
        assertThat(s.concurrency()).isEqualTo(8);
        assertThat(s.fetchTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.tokenizerConfig().tokenSize()).isEqualTo(128);
        assertThat(s.tokenizerConfig().maxTokens()).isEqualTo(4096);
        assertThat(s.tokenizerConfig().probeXLayer()).isEmpty();
        assertThat(s.bounded()).isFalse();
    }

    @Test
    void environmentOverridesEverySetting() {
        TokenizeSettings s = TokenizeSettings.fromEnvironment(Map.of("HUBDEX_TOKENIZE_CONCURRENCY", "3",
                "HUBDEX_TOKENIZE_TIMEOUT", "5s", "HUBDEX_TOKENIZE_PRECISION", "float16", "HUBDEX_TOKENIZE_PROBEX_LAYER",
                "classifier\\.0", "HUBDEX_TOKENIZE_MAX_TOKENS", "256", "HUBDEX_TOKENIZE_GROUP", "g2"));
        assertThat(s.concurrency()).isEqualTo(3);
        assertThat(s.fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.precision()).isEqualTo(TokenPrecision.FLOAT16);
        assertThat(s.tokenizerConfig().probeXLayer().orElseThrow().pattern()).isEqualTo("classifier\\.0");
        assertThat(s.tokenizerConfig().maxTokens()).isEqualTo(256);
        assertThat(s.transactionalIdPrefix()).isEqualTo("g2");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> TokenizeSettings.fromEnvironment(Map.of("HUBDEX_TOKENIZE_CONCURRENCY", "many")))
                .hasMessageContaining("HUBDEX_TOKENIZE_CONCURRENCY");
        assertThatThrownBy(() -> TokenizeSettings.fromEnvironment(Map.of("HUBDEX_TOKENIZE_CONCURRENCY", "0")))
                .hasMessageContaining("HUBDEX_TOKENIZE_CONCURRENCY");
        assertThatThrownBy(() -> TokenizeSettings.fromEnvironment(Map.of("HUBDEX_TOKENIZE_PRECISION", "int8")))
                .hasMessageContaining("HUBDEX_TOKENIZE_PRECISION");
        assertThatThrownBy(() -> TokenizeSettings.fromEnvironment(Map.of("HUBDEX_TOKENIZE_TIMEOUT", "soon")))
                .hasMessageContaining("HUBDEX_TOKENIZE_TIMEOUT");
        assertThatThrownBy(() -> TokenizeSettings.fromEnvironment(Map.of("HUBDEX_TOKENIZE_PROBEX_LAYER", "(")))
                .hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> TokenizeSettings.fromEnvironment(Map.of("HUBDEX_TOKENIZE_MAX_TOKENS", "10")))
                .hasMessageContaining("maxTokens");
    }

    @Test
    void theReadmeTableIsTheDeclaration() throws Exception {
        Path readme = Path.of(System.getProperty("hubdex.repo.root", "..")).resolve("stream-jobs/README.md");
        assertThat(Files.readString(readme)).contains(TokenizeSettings.documentationTable());
    }

    @Test
    void hubUrlsCompareByOrigin() {
        assertThat(RevisionGate.normalize("https://HuggingFace.co/")).isEqualTo("https://huggingface.co");
        assertThat(RevisionGate.normalize("https://huggingface.co:443")).isEqualTo("https://huggingface.co");
        assertThat(RevisionGate.normalize("http://127.0.0.1:8900")).isNotEqualTo(RevisionGate.normalize("http://127.0.0.1:8901"));
    }
}

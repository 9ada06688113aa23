package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings from the environment: defaults, overrides, validation naming the variable, the token masked. */
class HubClientConfigTest {

    private static final String TOKEN = "hf_configTestToken0123456789";

    @Test
    void defaults() {
        HubClientConfig c = HubClientConfig.fromEnvironment(Map.of());
        assertThat(c.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(c.hasToken()).isFalse();
        assertThat(c.apiQuota()).isEqualTo(500);
        assertThat(c.resolveQuota()).isEqualTo(3000);
        assertThat(c.quotaWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.maxServerWait()).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void aTokenRaisesTheDefaultQuotas() {
        HubClientConfig c = HubClientConfig.fromEnvironment(Map.of("HF_TOKEN", TOKEN));
        assertThat(c.hasToken()).isTrue();
        assertThat(c.apiQuota()).isEqualTo(1000);
        assertThat(c.resolveQuota()).isEqualTo(5000);
    }

    @Test
    void overridesReachTheClient() {
        HubClientConfig c = HubClientConfig.fromEnvironment(Map.of("HUBDEX_HUB_URL", "http://127.0.0.1:8999/", "HUBDEX_HUB_API_QUOTA", "2500",
                "HUBDEX_HUB_RESOLVE_QUOTA", "12000", "HUBDEX_HUB_TIMEOUT", "90", "HUBDEX_HUB_CONNECT_TIMEOUT", "500ms",
                "HUBDEX_HUB_MAX_ATTEMPTS", "3", "HUBDEX_HUB_QUOTA_WINDOW", "PT1M", "HF_TOKEN", TOKEN));
        HubClient client = c.newClientBuilder().build();
        assertThat(client.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8999"));
        assertThat(client.hasToken()).isTrue();
        assertThat(client.budget().quota(RequestBudget.Bucket.API)).isEqualTo(2500);
        assertThat(client.budget().quota(RequestBudget.Bucket.RESOLVE)).isEqualTo(12000);
        assertThat(client.budget().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(client.retryPolicy().maxAttempts()).isEqualTo(3);
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> HubClientConfig.fromEnvironment(Map.of("HUBDEX_HUB_URL", "ftp://x")))
                .isInstanceOf(InvalidHubConfigException.class).hasMessageContaining("HUBDEX_HUB_URL");
        assertThatThrownBy(() -> HubClientConfig.fromEnvironment(Map.of("HUBDEX_HUB_API_QUOTA", "0")))
                .hasMessageContaining("HUBDEX_HUB_API_QUOTA");
        assertThatThrownBy(() -> HubClientConfig.fromEnvironment(Map.of("HUBDEX_HUB_TIMEOUT", "soon")))
                .hasMessageContaining("HUBDEX_HUB_TIMEOUT");
        assertThatThrownBy(() -> HubClientConfig.fromEnvironment(Map.of("HUBDEX_HUB_MAX_ATTEMPTS", "1000")))
                .hasMessageContaining("HUBDEX_HUB_MAX_ATTEMPTS");
        assertThatThrownBy(() -> HubClientConfig.fromEnvironment(Map.of("HF_TOKEN", "hf_abc def")))
                .hasMessageContaining("HF_TOKEN").hasMessageNotContaining("hf_abc");
    }

    @Test
    void describeListsEveryVariableAndMasksTheToken() {
        HubClientConfig c = HubClientConfig.fromEnvironment(Map.of("HF_TOKEN", TOKEN));
        String d = c.describe();
        for (HubClientConfig.Key k : HubClientConfig.Key.values()) {
            assertThat(d).contains(k.env());
        }
        assertThat(d).doesNotContain(TOKEN).contains("HF_TOKEN").contains("****");
        assertThat(c.toString()).doesNotContain(TOKEN);
        assertThat(c.newClientBuilder().build().toString()).doesNotContain(TOKEN);
    }

    @Test
    void documentationTableHasARowPerKey() {
        String table = HubClientConfig.documentationTable();
        assertThat(table.lines().count()).isEqualTo(2 + HubClientConfig.Key.values().length);
    }
}

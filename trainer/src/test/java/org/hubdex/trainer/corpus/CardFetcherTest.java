package org.hubdex.trainer.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hubdex.hub.GatedRepoException;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.HubServerException;
import org.hubdex.hub.RetryPolicy;
import org.hubdex.hub.RevisionNotFoundException;
import org.hubdex.localhub.CommitSha;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.LocalHubServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The card fetcher against the local hub server (in this JVM) over three small repositories. */
class CardFetcherTest {

    @TempDir
    Path root;

    private LocalHubServer server;
    private HubClient hub;

    @BeforeEach
    void repositories() throws IOException {
        Path documented = Files.createDirectories(root.resolve("org/documented"));
        TestRecords.writeSafetensors(documented.resolve("model.safetensors"), 1);
        Files.writeString(documented.resolve("config.json"), "{\"id2label\": {\"1\": \"Bag\", \"0\": \"Shirt\"}}");
        Files.writeString(documented.resolve("README.md"), "---\nlicense: mit\nbase_model: org/base\n---\n\n# documented\n\nSorts shirts from bags.\n");
        Path placeholders = Files.createDirectories(root.resolve("org/placeholders"));
        TestRecords.writeSafetensors(placeholders.resolve("model.safetensors"), 2);
        Files.writeString(placeholders.resolve("config.json"), "{\"id2label\": {\"0\": \"LABEL_0\", \"1\": \"LABEL_1\"}}");
        Path bare = Files.createDirectories(root.resolve("org/bare"));
        TestRecords.writeSafetensors(bare.resolve("model.safetensors"), 3);

        server = LocalHubServer.builder().setRoot(root).optPort(0).optSettleTime(Duration.ofMillis(10)).build().start();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.modelCount() == 3);
        hub = HubClient.builder().optEndpoint(server.uri()).optNoToken()
                .optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(2).withDelays(Duration.ofMillis(5), Duration.ofMillis(10))).build();
    }

    @AfterEach
    void stop() {
        hub.close();
        server.close();
    }

    private String sha(String id) {
        return CommitSha.of(root.resolve(id));
    }

    @Test
    void aDocumentedModelHasClassNamesFrontMatterAndText() {
        RepoCard card = new CardFetcher(hub, 1000).fetch("org/documented", sha("org/documented"));
        assertThat(card.hasConfig()).isTrue();
        assertThat(card.classNames()).containsExactly("Shirt", "Bag");
        assertThat(card.frontMatter().baseModels()).containsExactly("org/base");
        assertThat(card.frontMatter().license()).contains("mit");
        assertThat(card.readme().orElseThrow().text()).contains("# documented\n\nSorts shirts from bags.");
    }

    @Test
    void missingFilesAreNoCardAndNoConfigNotErrors() {
        RepoCard placeholders = new CardFetcher(hub, 1000).fetch("org/placeholders", sha("org/placeholders"));
        assertThat(placeholders.hasConfig()).isTrue();
        assertThat(placeholders.classNames()).as("LABEL_n are placeholders").isEmpty();
        assertThat(placeholders.readme()).isEmpty();

        RepoCard bare = new CardFetcher(hub, 1000).fetch("org/bare", sha("org/bare"));
        assertThat(bare.hasConfig()).isFalse();
        assertThat(bare.readme()).isEmpty();
        assertThat(bare.classNames()).isEmpty();
    }

    @Test
    void otherHubFailuresPropagateAsTheClientsTypedErrors() {
        CardFetcher fetcher = new CardFetcher(hub, 1000);
        assertThatThrownBy(() -> fetcher.fetch("org/documented", "0000000000000000000000000000000000000000"))
                .isInstanceOf(RevisionNotFoundException.class);
        server.setFaults(FaultPlan.parse("gated:id=org/documented"));
        assertThatThrownBy(() -> fetcher.fetch("org/documented", sha("org/documented"))).isInstanceOf(GatedRepoException.class);
        server.setFaults(FaultPlan.parse("500:on=resolve"));
        assertThatThrownBy(() -> fetcher.fetch("org/bare", sha("org/bare"))).isInstanceOf(HubServerException.class);
    }
}

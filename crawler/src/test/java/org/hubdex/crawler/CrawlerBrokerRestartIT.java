package org.hubdex.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.hubdex.hub.HubClient;
import org.hubdex.localhub.FaultPlan;
import org.hubdex.localhub.LocalHubServer;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.stack.Component;
import org.hubdex.stack.LocalStack;
import org.hubdex.stack.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crawler while its Kafka broker is stopped and started again mid-backfill: pages that cannot
 * commit fail and are retried, and when the broker is back every model is in hub.model-events
 * exactly once. The broker is a real one in its own JVM, started and stopped by the same code as
 * {@code ops/stack}, on free ports and its own data directory.
 */
class CrawlerBrokerRestartIT {

    @TempDir
    Path hubRoot;

    @Test
    void aBrokerRestartMidBackfillLosesAndDuplicatesNothing() throws Exception {
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "broker-restart-" + System.nanoTime());
        StackSettings settings = StackSettings.fromEnvironment(Map.of(
                "HUBDEX_HOME", home.toString(),
                "HUBDEX_KAFKA_PORT", String.valueOf(freePort()), "HUBDEX_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()),
                "HUBDEX_ES_PORT", String.valueOf(freePort()), "HUBDEX_ES_TRANSPORT_PORT", String.valueOf(freePort())),
                Path.of(System.getProperty("hubdex.repo.root", "..")));
        LocalStack stack = new LocalStack(settings);
        stack.start(Component.KAFKA);
        try {
            LocalStack.createTopics(stack.kafkaBootstrap(), Duration.ofSeconds(60));
            for (int i = 0; i < 30; i++) {
                TestRepos.write(hubRoot, "restart/model-" + i, 1, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i));
            }
            try (LocalHubServer hub = LocalHubServer.builder().setRoot(hubRoot).optPort(0)
                    .optFaults(FaultPlan.parse("slow:ms=150:on=api")).build().start();
                    Crawler crawler = Crawler.builder().setHubClient(HubClient.builder().optEndpoint(hub.uri()).build())
                            .setSettings(CrawlerSettings.fromEnvironment(Map.of(), hub.uri().toString())
                                    .withBootstrapServers(stack.kafkaBootstrap()).withCrawlerId("restart").withPageSize(3)
                                    .withMetricsPort(Optional.empty()))
                            .build()) {
                crawler.start();
                // folders written just now are served once quiet for the settle time; an empty listing would end the backfill
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.modelCount() == 30);
                CompletableFuture<PassResult> backfill = CompletableFuture.supplyAsync(() ->
                        crawler.backfill(CrawlPass.backfill("all", List.of(), Optional.empty(), Optional.empty())));
                await().atMost(Duration.ofSeconds(60)).until(() -> crawler.metrics().pagesCommitted() >= 2);
                stack.stop(Component.KAFKA);
                Thread.sleep(2000);
                stack.start(Component.KAFKA);
                PassResult result = backfill.get(180, TimeUnit.SECONDS);
                assertThat(result.completed()).isTrue();
            }
            List<ModelEvent> events = CommittedEvents.read(stack.kafkaBootstrap(), "hub.model-events");
            Map<String, Long> perSha = events.stream().collect(Collectors.groupingBy(e -> e.getModelId() + "@" + e.getSha(),
                    Collectors.counting()));
            assertThat(perSha).hasSize(30);
            assertThat(perSha.values()).allMatch(n -> n == 1);
        } finally {
            stack.reset(); // stops the broker and deletes its data
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

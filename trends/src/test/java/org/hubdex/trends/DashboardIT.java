package org.hubdex.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hubdex.crawler.CrawlPass;
import org.hubdex.crawler.Crawler;
import org.hubdex.crawler.CrawlerSettings;
import org.hubdex.crawler.CrawlerTopics;
import org.hubdex.hub.HubClient;
import org.hubdex.localhub.LocalHubServer;
import org.hubdex.schemas.Topic;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium}), on real data: repositories served by the
 * local hub, crawled by the crawler into the real broker, counted by the application. History first, then a surge
 * of fine-tunes published while everything runs; the page must draw the expected series and the surge's alert.
 * The screenshot is saved as {@code target/dashboard/dashboard.png}. Skipped, saying why, only when no Chromium is
 * installed ({@code ops/test} installs it when run as root).
 */
@RealKafka
class DashboardIT {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardIT.class);
    private static final Pattern REPORT = Pattern.compile("<pre id=\"render-report\"[^>]*>(.*?)</pre>", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void thePageDrawsTheCountsTreesShareAndAlertsOfACrawledHub(KafkaCluster kafka) throws Exception {
        Optional<Path> chromium = chromium();
        Assumptions.assumeTrue(chromium.isPresent(), "no chromium on PATH: install Debian's chromium (ops/test does it when run as root)");
        Path root = dir.resolve("hub");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        HubRepos.write(root, "fashion-lab/base-cnn", null, true, hour.minus(Duration.ofHours(5)));
        HubRepos.write(root, "fashion-lab/base-mlp", null, true, hour.minus(Duration.ofHours(5)).plusSeconds(60));
        for (int h = 1; h <= 3; h++) { // one fine-tune an hour: the baseline
            HubRepos.write(root, "user" + h + "/cnn-ft", "fashion-lab/base-cnn", true, hour.minus(Duration.ofHours(h)).plusSeconds(120));
            HubRepos.write(root, "anon" + h + "/mystery", null, false, hour.minus(Duration.ofHours(h)).plusSeconds(180));
        }
        HubRepos.write(root, "user1/mlp-ft", "fashion-lab/base-mlp", true, hour.minus(Duration.ofHours(2)).plusSeconds(240));
        HubRepos.write(root, "legacy/old-cnn", null, true, Instant.parse("2022-03-02T23:29:04.000Z"));

        TrendsTopics topics = TrendTopics.create(kafka, "dashboard");
        CrawlerTopics crawlerTopics = new CrawlerTopics(topics.events(),
                kafka.createTopicLike(Topic.CRAWLER_STATE, kafka.uniqueTopic("dashboard-crawler-state")), topics.deadLetters());
        Map<String, String> env = new HashMap<>();
        env.put("HUBDEX_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("HUBDEX_TRENDS_APPLICATION_ID", "it-dashboard-" + System.nanoTime());
        env.put("HUBDEX_TRENDS_STATE_DIR", dir.resolve("state").toString());
        env.put("HUBDEX_TRENDS_PORT", "0");
        env.put("HUBDEX_TRENDS_ROCKSDB_MB", "16");
        env.put("HUBDEX_TRENDS_BASELINE_WINDOWS", "3");
        env.put("HUBDEX_TRENDS_ALERT_MIN_COUNT", "3");
        env.put("HUBDEX_TRENDS_GRACE", "2h");
        try (LocalHubServer hub = LocalHubServer.builder().setRoot(root).optPort(0).optSettleTime(Duration.ofMillis(50))
                        .optRescanInterval(Duration.ofMillis(200)).build().start();
                TrendsApp app = TrendsApp.start(TrendsSettings.fromEnvironment(env), topics)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.modelCount() == 10);
            CrawlerSettings crawl = CrawlerSettings.fromEnvironment(Map.of(), hub.uri().toString())
                    .withBootstrapServers(kafka.bootstrapServers()).withCrawlerId("dashboard").withMetricsPort(Optional.empty());
            try (HubClient client = HubClient.builder().optEndpoint(hub.uri()).build();
                    Crawler crawler = Crawler.builder().setHubClient(client).setSettings(crawl).optTopics(crawlerTopics).build()) {
                crawler.start();
                crawler.runPass(CrawlPass.poll("createdAt"), 100);
                await().atMost(Duration.ofSeconds(60)).until(() -> app.metrics().newModels() == 10);

                for (int i = 0; i < 4; i++) { // a surge of fine-tunes, published while everything runs
                    HubRepos.write(root, "surge" + i + "/cnn-ft", "fashion-lab/base-cnn", true, null);
                }
                hub.rescan();
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.modelCount() == 14);
                crawler.runPass(CrawlPass.poll("createdAt"), 100);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> app.metrics().newModels() == 14 && app.metrics().alertCount() > 0);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> Http.json(app.port(), "/api/alerts").get("alerts").size() > 0);

            String url = "http://localhost:" + app.port() + "/?refresh=0&window=1h";
            String dom = runChromium(chromium.get(), List.of("--dump-dom", url), null);
            Matcher m = REPORT.matcher(dom);
            assertThat(m.find()).as("the page wrote its render report; DOM:\n%s", dom).isTrue();
            JsonNode report = new ObjectMapper().readTree(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            LOG.info("dashboard render report: {}", report);
            assertThat(report.has("error")).as("render error: %s", report).isFalse();
            assertThat(texts(report.get("counts"))).as("tree series").anyMatch(s -> s.startsWith("fashion-lab/base-cnn:"))
                    .anyMatch(s -> s.startsWith("fashion-lab/base-mlp:"));
            assertThat(texts(report.get("growth"))).first().isEqualTo("fashion-lab/base-cnn");
            assertThat(texts(report.get("share"))).extracting(s -> s.substring(0, s.indexOf(':')))
                    .containsExactly("undocumented", "documented", "undocumented share");
            assertThat(texts(report.get("share"))).allMatch(s -> !s.endsWith(":0"));
            assertThat(report.get("alerts").asInt()).isPositive();
            assertThat(report.get("svgPaths").asInt()).as("drawn SVG paths").isGreaterThan(10);
            assertThat(dom).contains("tree", "fashion-lab/base-cnn");

            Path shot = Path.of(System.getProperty("java.io.tmpdir"), "dashboard", "dashboard.png");
            Files.createDirectories(shot.getParent());
            runChromium(chromium.get(), List.of("--screenshot=" + shot, "--window-size=1400,1500", url), shot);
            assertThat(shot).isNotEmptyFile();
            LOG.info("dashboard screenshot: {}", shot);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private String runChromium(Path chromium, List<String> args, Path waitFor) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--virtual-time-budget=15000",
                "--user-data-dir=" + dir.resolve("chromium-profile")));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(err));
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr:\n%s", Files.readString(err)).isZero();
        return Files.readString(out);
    }

    private static Optional<Path> chromium() {
        for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dirName, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}

package org.hubdex.trends;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ops/trends}: runs one instance of the trends application until SIGTERM. Settings come from the
 * environment (optionally on top of {@code --config FILE}); flags override single settings and the topics.
 * Exit code 0 after a clean stop, 1 when Kafka Streams failed or a topic is missing, 2 for bad settings.
 */
public final class TrendsCli {

    private static final Logger LOG = LoggerFactory.getLogger(TrendsCli.class);

    private TrendsCli() {
    }

    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = run(args, System.getenv());
        } catch (InvalidTrendsSettingException e) {
            System.err.println("[hubdex] error: " + e.getMessage());
            code = 2;
        } catch (TrendsException e) {
            LOG.error("{}", e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args, Map<String, String> env) throws InterruptedException {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println(help());
            return 0;
        }
        Path config = null;
        TrendsTopics standard = TrendsTopics.standard();
        String events = standard.events();
        String trends = standard.trends();
        String deadLetters = standard.deadLetters();
        List<String[]> overrides = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String flag = rest.get(i);
            if (i + 1 >= rest.size()) {
                throw new InvalidTrendsSettingException(flag + " needs a value (see --help)");
            }
            String value = rest.get(++i);
            switch (flag) {
                case "--config" -> config = Path.of(value);
                case "--events-topic" -> events = value;
                case "--trends-topic" -> trends = value;
                case "--dead-letter-topic" -> deadLetters = value;
                case "--bootstrap" -> overrides.add(new String[] {TrendsSettings.Key.BOOTSTRAP.env(), value});
                case "--application-id" -> overrides.add(new String[] {TrendsSettings.Key.APPLICATION_ID.env(), value});
                case "--state-dir" -> overrides.add(new String[] {TrendsSettings.Key.STATE_DIR.env(), value});
                case "--port" -> overrides.add(new String[] {TrendsSettings.Key.PORT.env(), value});
                case "--windows" -> overrides.add(new String[] {TrendsSettings.Key.WINDOWS.env(), value});
                default -> throw new InvalidTrendsSettingException("unknown option " + flag + " (see --help)");
            }
        }
        TrendsSettings settings = config == null ? TrendsSettings.fromEnvironment(env) : TrendsSettings.fromFileAndEnvironment(config, env);
        for (String[] o : overrides) {
            settings = settings.with(findKey(o[0]), o[1]);
        }
        TrendsTopics topics = new TrendsTopics(events, trends, deadLetters);
        LOG.info("effective settings:\n{}\ntopics: {}", settings.describe(), topics);
        TrendsApp app = TrendsApp.start(settings, topics);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "trends-shutdown"));
        while (!app.awaitTermination(Duration.ofHours(1))) {
            LOG.debug("still running");
        }
        boolean failed = app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR;
        app.close();
        return failed ? 1 : 0;
    }

    private static TrendsSettings.Key findKey(String env) {
        for (TrendsSettings.Key k : TrendsSettings.Key.values()) {
            if (k.env().equals(env)) {
                return k;
            }
        }
        throw new IllegalStateException(env);
    }

    static String help() {
        return String.join("\n",
                "ops/trends [options]: the trends application (Kafka Streams over hub.model-events into hub.trends),",
                "its HTTP API and dashboard (http://localhost:8930/ by default). Runs until SIGTERM.",
                "",
                "  --config FILE              HUBDEX_...=value lines; the environment overrides them",
                "  --bootstrap HOST:PORT      Kafka (HUBDEX_KAFKA_BOOTSTRAP)",
                "  --application-id ID        HUBDEX_TRENDS_APPLICATION_ID",
                "  --state-dir DIR            HUBDEX_TRENDS_STATE_DIR",
                "  --port N                   HUBDEX_TRENDS_PORT (0: any free port)",
                "  --windows LIST             HUBDEX_TRENDS_WINDOWS, e.g. 1h,1d or 1d/1h",
                "  --events-topic T --trends-topic T --dead-letter-topic T   other topics than the catalogue's",
                "",
                "Environment variables:",
                TrendsSettings.documentationTable());
    }
}

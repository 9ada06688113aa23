package org.hubdex.crawler;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.HubClientConfig;
import org.hubdex.hub.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ops/crawler}: runs the crawler.
 *
 * <pre>
 *   poll      poll the hub's createdAt and lastModified listings forever (the service)
 *   once      run each poll pass once, to its high-water mark, and exit
 *   backfill  walk a whole listing (optionally filtered) to its end, resumably, and exit
 * </pre>
 * Flags override the environment ({@link CrawlerSettings.Key}, plus the hub client's
 * {@code HUBDEX_HUB_URL} and {@code HF_TOKEN}). Exit codes: 0 done, 1 failed, 2 bad usage.
 */
public final class CrawlerCli {

    private static final Logger LOG = LoggerFactory.getLogger(CrawlerCli.class);

    private CrawlerCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        if (!List.of("poll", "once", "backfill").contains(command)) {
            err.println("unknown command '" + command + "'\n" + usage());
            return 2;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (InvalidCrawlerSettingException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        HubClient hub;
        CrawlerSettings settings;
        try {
            HubClientConfig hubConfig = HubClientConfig.fromEnvironment();
            String hubUrl = options.hubUrl.orElse(hubConfig.endpoint().toString());
            hub = hubConfig.newClientBuilder().optEndpoint(URI.create(hubUrl)).build();
            settings = options.apply(CrawlerSettings.fromEnvironment(hubUrl));
            LOG.info("hub client: {}", hub);
        } catch (InvalidCrawlerSettingException | HubException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try (hub; Crawler crawler = Crawler.builder().setHubClient(hub).setSettings(settings).optTopics(options.topics()).build()) {
            Runtime.getRuntime().addShutdownHook(new Thread(crawler::close, "crawler-shutdown"));
            crawler.start();
            switch (command) {
                case "poll" -> crawler.poll();
                case "once" -> {
                    for (String sort : settings.sorts()) {
                        crawler.runPass(CrawlPass.poll(sort), Integer.MAX_VALUE);
                    }
                }
                default -> crawler.backfill(CrawlPass.backfill(options.backfillName(), options.filters, options.search, options.author));
            }
            LOG.info("crawler done: {}", crawler.metrics().summary());
            out.println(crawler.metrics().summary());
            return 0;
        } catch (HubException | CrawlerException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: ops/crawler poll|once|backfill [options]",
                "  poll       poll createdAt and lastModified listings forever (the service)",
                "  once       run each poll pass once, to its high-water mark, then exit",
                "  backfill   walk a whole listing to its end, resumably, then exit",
                "options (each overrides its environment variable):",
                "  --hub URL             hub base URL (HUBDEX_HUB_URL, default https://huggingface.co); token from HF_TOKEN",
                "  --bootstrap H:P       Kafka brokers (HUBDEX_KAFKA_BOOTSTRAP)",
                "  --id ID               crawler id: names its state (HUBDEX_CRAWLER_ID)",
                "  --interval 60s        pause between polls (HUBDEX_CRAWLER_INTERVAL)",
                "  --sorts a,b           createdAt,lastModified (HUBDEX_CRAWLER_SORTS)",
                "  --page-size N         models per page (HUBDEX_CRAWLER_PAGE_SIZE)",
                "  --lookback 7d|all     first poll's reach (HUBDEX_CRAWLER_LOOKBACK)",
                "  --metrics-port N|off  /metrics and /health (HUBDEX_CRAWLER_METRICS_PORT)",
                "  --filter TAG          backfill: hub filter tag, repeatable (e.g. base_model:finetune:org/x)",
                "  --search TEXT         backfill: hub search",
                "  --author NAME         backfill: hub author",
                "  --name NAME           backfill: name of its resumable progress (default: from the filters)",
                "  --events-topic T, --state-topic T, --dead-letter-topic T   other topics than the catalogue's",
                "",
                "Environment:",
                CrawlerSettings.documentationTable());
    }

    /** Command-line flags; each is optional and overrides the environment. */
    static final class Options {
        Optional<String> hubUrl = Optional.empty();
        Optional<String> bootstrap = Optional.empty();
        Optional<String> id = Optional.empty();
        Optional<String> interval = Optional.empty();
        Optional<String> sorts = Optional.empty();
        Optional<String> pageSize = Optional.empty();
        Optional<String> lookback = Optional.empty();
        Optional<String> metricsPort = Optional.empty();
        final List<String> filters = new ArrayList<>();
        Optional<String> search = Optional.empty();
        Optional<String> author = Optional.empty();
        Optional<String> name = Optional.empty();
        Optional<String> eventsTopic = Optional.empty();
        Optional<String> stateTopic = Optional.empty();
        Optional<String> deadLetterTopic = Optional.empty();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 1; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new InvalidCrawlerSettingException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--hub" -> o.hubUrl = Optional.of(value);
                    case "--bootstrap" -> o.bootstrap = Optional.of(value);
                    case "--id" -> o.id = Optional.of(value);
                    case "--interval" -> o.interval = Optional.of(value);
                    case "--sorts" -> o.sorts = Optional.of(value);
                    case "--page-size" -> o.pageSize = Optional.of(value);
                    case "--lookback" -> o.lookback = Optional.of(value);
                    case "--metrics-port" -> o.metricsPort = Optional.of(value);
                    case "--filter" -> o.filters.add(value);
                    case "--search" -> o.search = Optional.of(value);
                    case "--author" -> o.author = Optional.of(value);
                    case "--name" -> o.name = Optional.of(value);
                    case "--events-topic" -> o.eventsTopic = Optional.of(value);
                    case "--state-topic" -> o.stateTopic = Optional.of(value);
                    case "--dead-letter-topic" -> o.deadLetterTopic = Optional.of(value);
                    default -> throw new InvalidCrawlerSettingException("unknown option " + flag + " (see --help)");
                }
            }
            return o;
        }

        CrawlerSettings apply(CrawlerSettings s) {
            if (bootstrap.isPresent()) {
                s = s.withBootstrapServers(bootstrap.get());
            }
            if (id.isPresent()) {
                s = s.withCrawlerId(id.get());
            }
            if (interval.isPresent()) {
                s = s.withInterval(CrawlerSettings.parseDuration("--interval", interval.get()));
            }
            if (sorts.isPresent()) {
                s = s.withSorts(CrawlerSettings.parseSorts(sorts.get()));
            }
            if (pageSize.isPresent()) {
                try {
                    s = s.withPageSize(Integer.parseInt(pageSize.get()));
                } catch (NumberFormatException e) {
                    throw new InvalidCrawlerSettingException("--page-size must be an integer, got " + pageSize.get());
                }
            }
            if (lookback.isPresent()) {
                s = s.withInitialLookback(CrawlerSettings.parseLookback(lookback.get()));
            }
            if (metricsPort.isPresent()) {
                s = s.withMetricsPort(CrawlerSettings.parseMetricsPort(metricsPort.get()));
            }
            return s;
        }

        CrawlerTopics topics() {
            return new CrawlerTopics(eventsTopic.orElse(CrawlerTopics.DEFAULT.events()), stateTopic.orElse(CrawlerTopics.DEFAULT.state()),
                    deadLetterTopic.orElse(CrawlerTopics.DEFAULT.deadLetters()));
        }

        String backfillName() {
            if (name.isPresent()) {
                return name.get();
            }
            List<String> parts = new ArrayList<>(filters);
            search.ifPresent(v -> parts.add("search=" + v));
            author.ifPresent(v -> parts.add("author=" + v));
            return parts.isEmpty() ? "all" : String.join("&", parts);
        }
    }
}

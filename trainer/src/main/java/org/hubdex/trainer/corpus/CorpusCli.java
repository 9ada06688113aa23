package org.hubdex.trainer.corpus;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.HubClientConfig;
import org.hubdex.hub.HubException;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The corpus's command line, for {@code ops/} scripts and the ITs' child processes.
 *
 * <pre>
 *   ingest [--once]   fill the corpus from hub.model-events + hub.weight-tokens (until stopped; --once: to the end, then exit)
 *   zoo DIR           add the repositories of a zoo output folder (DIR/hub), tokenized here; no Kafka, no hub
 * </pre>
 * Flags override the environment ({@link CorpusSettings.Key}, an optional {@code --config FILE} under it, and the hub
 * client's {@code HUBDEX_HUB_URL} and {@code HF_TOKEN}). Exit codes: 0 done, 1 failed, 2 bad usage.
 */
public final class CorpusCli {

    private static final Logger LOG = LoggerFactory.getLogger(CorpusCli.class);

    private CorpusCli() {
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
        Map<String, String> flags = new LinkedHashMap<>();
        Optional<String> zooDir = Optional.empty();
        boolean once = false;
        int i = 1;
        if (command.equals("zoo")) {
            if (args.length < 2 || args[1].startsWith("--")) {
                err.println("error: zoo needs the zoo output folder\n" + usage());
                return 2;
            }
            zooDir = Optional.of(args[1]);
            i = 2;
        } else if (!command.equals("ingest")) {
            err.println("unknown command '" + command + "'\n" + usage());
            return 2;
        }
        for (; i < args.length; i++) {
            if (args[i].equals("--once")) {
                once = true;
                continue;
            }
            if (i + 1 >= args.length || !args[i].startsWith("--")) {
                err.println("error: " + args[i] + " needs a value (see --help)");
                return 2;
            }
            flags.put(args[i], args[++i]);
        }
        CorpusSettings settings;
        try {
            settings = settings(flags);
        } catch (CorpusException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        LOG.info("corpus settings:\n{}", settings.describe());
        try (CorpusStore store = CorpusStore.open(settings.dir())) {
            if (zooDir.isPresent()) {
                ZooFolderCorpus.Result result = new ZooFolderCorpus(store, settings, TokenizerConfig.DEFAULT, Clock.systemUTC())
                        .build(Path.of(zooDir.get()));
                out.println("zoo corpus: " + result.stored() + " stored, " + result.alreadyStored() + " already stored, "
                        + result.failed().size() + " failed of " + result.repositories() + " repositories; corpus " + store.count() + " models");
                return 0;
            }
            return ingest(settings, store, flags, once, out);
        } catch (CorpusException | HubException e) {
            LOG.error("corpus {} failed", command, e);
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static int ingest(CorpusSettings settings, CorpusStore store, Map<String, String> flags, boolean once, PrintStream out) {
        HubClientConfig hubConfig = HubClientConfig.fromEnvironment();
        HubClient.Builder hubBuilder = hubConfig.newClientBuilder();
        if (flags.containsKey("--hub")) {
            hubBuilder.optEndpoint(URI.create(flags.get("--hub")));
        }
        try (HubClient hub = hubBuilder.build();
                CorpusIngestor ingestor = CorpusIngestor.builder().setSettings(settings).setStore(store).setHubClient(hub).build()) {
            Thread shutdown = new Thread(ingestor::stop, "corpus-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            IngestStats stats;
            if (once) {
                stats = ingestor.catchUp();
            } else {
                ingestor.run();
                stats = ingestor.stats();
            }
            out.println("corpus ingest: " + stats + "; corpus " + store.count() + " models");
            return 0;
        }
    }

    private static CorpusSettings settings(Map<String, String> flags) {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        Map<String, CorpusSettings.Key> byFlag = Map.of("--bootstrap", CorpusSettings.Key.BOOTSTRAP, "--dir", CorpusSettings.Key.DIR,
                "--group", CorpusSettings.Key.GROUP, "--concurrency", CorpusSettings.Key.FETCH_CONCURRENCY);
        for (Map.Entry<String, String> f : flags.entrySet()) {
            CorpusSettings.Key key = byFlag.get(f.getKey());
            if (key != null) {
                env.put(key.env(), f.getValue());
            } else if (!Map.of("--hub", 1, "--config", 1, "--events-topic", 1, "--tokens-topic", 1, "--dead-letter-topic", 1)
                    .containsKey(f.getKey())) {
                throw new InvalidCorpusSettingException("unknown option " + f.getKey() + " (see --help)");
            }
        }
        CorpusSettings s = flags.containsKey("--config") ? CorpusSettings.fromFileAndEnvironment(Path.of(flags.get("--config")), env)
                : CorpusSettings.fromEnvironment(env);
        return s.withTopics(flags.getOrDefault("--events-topic", s.eventsTopic()), flags.getOrDefault("--tokens-topic", s.tokensTopic()),
                flags.getOrDefault("--dead-letter-topic", s.deadLetterTopic()));
    }

    static String usage() {
        return String.join("\n",
                "usage: CorpusCli ingest [--once] [options] | zoo DIR [options]",
                "  ingest          fill the corpus from hub.model-events and hub.weight-tokens until stopped",
                "  ingest --once   the same up to the end of the topics as of the start, then exit",
                "  zoo DIR         add the repositories of a zoo output folder (DIR/hub), tokenized here; never reads DIR/manifest.jsonl",
                "options (each overrides its environment variable):",
                "  --dir DIR             the corpus directory (HUBDEX_CORPUS_DIR)",
                "  --config FILE         a file of HUBDEX_...=value lines, under the environment",
                "  --bootstrap H:P       Kafka brokers (HUBDEX_KAFKA_BOOTSTRAP)",
                "  --group G             consumer group (HUBDEX_CORPUS_GROUP)",
                "  --concurrency N       cards fetched at once (HUBDEX_CORPUS_FETCH_CONCURRENCY)",
                "  --hub URL             hub base URL (HUBDEX_HUB_URL); token from HF_TOKEN",
                "  --events-topic T, --tokens-topic T, --dead-letter-topic T   other topics than the catalogue's",
                "",
                "Environment:",
                CorpusSettings.documentationTable());
    }
}

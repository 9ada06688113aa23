package org.hubdex.trainer;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.HubClientConfig;
import org.hubdex.trainer.corpus.CorpusSettings;
import org.hubdex.trainer.corpus.CorpusStore;
import org.hubdex.trainer.corpus.ZooFolderCorpus;
import org.hubdex.trainer.registry.ModelRegistry;
import org.hubdex.trainer.schedule.TrainingOutcome;
import org.hubdex.trainer.training.TrainOnce;
import org.hubdex.trainer.training.TrainingConfig;
import org.hubdex.weightspace.text.MiniLmTextEncoder;
import org.hubdex.weightspace.text.TextEncoder;
import org.hubdex.weightspace.tokenize.TokenizerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's command line ({@code ops/train}, {@code ops/trainer}).
 *
 * <pre>
 *   once [--zoo DIR] [options]   train one model set from the corpus (or a zoo folder), gate it, publish it if it
 *                                passes, announce it on hub.control (unless --no-announce), write a report
 *   service [options]            the trainer service: the corpus ingestor and the retrain loop, until stopped
 * </pre>
 *
 * Options: {@code --corpus DIR}, {@code --registry DIR}, {@code --reports DIR}, {@code --backbone-seconds N} (the
 * backbone's wall-clock budget), {@code --no-announce}. Settings otherwise come from {@link TrainerSettings} and
 * {@link CorpusSettings} (environment, HUBDEX_HOME). Exit codes: 0 done (published or rejected), 1 failed, 2 bad
 * usage.
 */
public final class TrainerCli {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerCli.class);

    private TrainerCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || java.util.Arrays.asList(args).contains("-h") || java.util.Arrays.asList(args).contains("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        if (!command.equals("once") && !command.equals("service")) {
            err.println("unknown command '" + command + "'\n" + usage());
            return 2;
        }
        Map<String, String> flags = new LinkedHashMap<>();
        boolean announce = true;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--no-announce")) {
                announce = false;
            } else if (args[i].startsWith("--") && i + 1 < args.length
                    && java.util.Set.of("--zoo", "--corpus", "--registry", "--reports", "--backbone-seconds", "--hub").contains(args[i])) {
                flags.put(args[i], args[++i]);
            } else {
                err.println("error: unknown or incomplete option " + args[i] + "\n" + usage());
                return 2;
            }
        }
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        String home = env.getOrDefault("HUBDEX_HOME", ".hubdex");
        if (flags.containsKey("--zoo") && !flags.containsKey("--corpus")) {
            // a zoo's corpus is kept apart from the live one: same zoo, same corpus, built once
            Path zoo = Path.of(flags.get("--zoo")).toAbsolutePath().normalize();
            flags.put("--corpus", Path.of(home, "corpus-zoo", zoo.getFileName().toString()).toString());
        }
        if (flags.containsKey("--corpus")) {
            env.put(CorpusSettings.Key.DIR.env(), flags.get("--corpus"));
        }
        if (flags.containsKey("--registry")) {
            env.put(TrainerSettings.Key.REGISTRY_DIR.env(), flags.get("--registry"));
        }
        try {
            TrainerSettings settings = TrainerSettings.fromEnvironment(env);
            CorpusSettings corpusSettings = CorpusSettings.fromEnvironment(env);
            Path reports = Path.of(flags.getOrDefault("--reports", Path.of(home, "reports").toString()));
            TrainingConfig config = TrainingConfig.defaults();
            if (flags.containsKey("--backbone-seconds")) {
                config = config.withBackbone(config.backbone().toBuilder().optMaxSteps(0)
                        .optMaxSeconds(Double.parseDouble(flags.get("--backbone-seconds"))).build());
            }
            LOG.info("trainer settings:\n{}", settings.describe());
            return command.equals("once")
                    ? once(settings, corpusSettings, config, reports, Optional.ofNullable(flags.get("--zoo")), announce, out)
                    : service(settings, corpusSettings, config, reports, flags, out);
        } catch (RuntimeException e) {
            LOG.error("trainer {} failed", command, e);
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static int once(TrainerSettings settings, CorpusSettings corpusSettings, TrainingConfig config, Path reports,
            Optional<String> zoo, boolean announce, PrintStream out) {
        try (CorpusStore corpus = CorpusStore.open(corpusSettings.dir());
                TextEncoder encoder = MiniLmTextEncoder.load()) {
            if (zoo.isPresent()) {
                ZooFolderCorpus.Result built = new ZooFolderCorpus(corpus, corpusSettings, TokenizerConfig.DEFAULT,
                        Clock.systemUTC()).build(Path.of(zoo.get()));
                out.println("zoo corpus " + corpusSettings.dir() + ": " + built.stored() + " added, " + built.alreadyStored()
                        + " already there, " + built.failed().size() + " failed");
            }
            ModelRegistry registry = ModelRegistry.open(settings.registryDir());
            TrainingOutcome outcome = new TrainOnce(corpus, registry, settings.qualityGate(), config, encoder,
                    announcer(settings, announce), reports, Clock.systemUTC()).run();
            out.println((outcome.published() ? "published " : "not published ") + outcome.version() + ": " + outcome.reason());
            return 0;
        }
    }

    private static int service(TrainerSettings settings, CorpusSettings corpusSettings, TrainingConfig config, Path reports,
            Map<String, String> flags, PrintStream out) {
        HubClient.Builder hubBuilder = HubClientConfig.fromEnvironment().newClientBuilder();
        if (flags.containsKey("--hub")) {
            hubBuilder.optEndpoint(URI.create(flags.get("--hub")));
        }
        try (HubClient hub = hubBuilder.build();
                CorpusStore corpus = CorpusStore.open(corpusSettings.dir());
                TextEncoder encoder = MiniLmTextEncoder.load()) {
            TrainerService service = new TrainerService(settings, corpusSettings, config, reports, hub, corpus, encoder,
                    org.hubdex.schemas.Topic.CONTROL.topicName());
            Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "trainer-shutdown"));
            out.println("trainer service: corpus " + corpusSettings.dir() + ", registry " + settings.registryDir());
            service.run();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static TrainOnce.Announcer announcer(TrainerSettings settings, boolean announce) {
        if (!announce) {
            return (registry, version) -> LOG.info("{} not announced (--no-announce)", version);
        }
        return TrainerService.announcer(settings, org.hubdex.schemas.Topic.CONTROL.topicName());
    }

    static String usage() {
        return String.join("\n",
                "usage: TrainerCli once [--zoo DIR] [options] | service [options]",
                "  once              train one model set from the corpus, gate it against the current version, publish it if it",
                "                    passes, announce it on hub.control, write a report under --reports",
                "  once --zoo DIR    the same, from a zoo output folder (tokenized here into its own corpus; never reads the manifest)",
                "  service           the trainer service: corpus ingestor + retrain loop (HUBDEX_TRAINER_INTERVAL / MIN_NEW_ENTRIES)",
                "options:",
                "  --corpus DIR            corpus directory (HUBDEX_CORPUS_DIR; with --zoo: $HUBDEX_HOME/corpus-zoo/<name>)",
                "  --registry DIR          model registry (HUBDEX_TRAINER_REGISTRY_DIR)",
                "  --reports DIR           where reports go ($HUBDEX_HOME/reports)",
                "  --backbone-seconds N    the backbone's wall-clock training budget",
                "  --hub URL               the hub the service fetches cards from (HUBDEX_HUB_URL)",
                "  --no-announce           do not write to hub.control",
                "",
                TrainerSettings.documentationTable());
    }
}

package org.hubdex.indexer.embed;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedder's command line ({@code ops/embedder}): runs {@link Embedder} until SIGTERM/Ctrl-C, which stops it
 * between batches (the batch in flight is committed or aborted, never half-written).
 *
 * <pre>
 *   [--settings FILE]   a properties file of HUBDEX_...=value lines, overridden by the environment
 * </pre>
 *
 * Exit codes: 0 stopped, 1 failed, 2 bad usage.
 */
public final class EmbedderCli {

    private static final Logger LOG = LoggerFactory.getLogger(EmbedderCli.class);

    private EmbedderCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println(usage());
                return 0;
            } else if (args[i].equals("--settings") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else {
                err.println("error: unknown or incomplete option " + args[i] + "\n" + usage());
                return 2;
            }
        }
        try {
            EmbedderSettings settings = file == null ? EmbedderSettings.fromEnvironment()
                    : EmbedderSettings.fromFileAndEnvironment(file, System.getenv());
            CountDownLatch stopped = new CountDownLatch(1);
            try (Embedder embedder = new Embedder(settings, Clock.systemUTC())) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    embedder.stop();
                    try {
                        stopped.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "embedder-shutdown"));
                embedder.run();
                LOG.info("embedder stopped after {} models", embedder.embeddedCount());
            } finally {
                stopped.countDown();
            }
            return 0;
        } catch (RuntimeException e) {
            LOG.error("embedder failed", e);
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return """
                usage: ops/embedder [--settings FILE]
                  Embeds hub.weight-tokens with the current model version (hub.control) into hub.model-embeddings,
                  exactly once; hot-swaps and backfills on a new version. Settings: indexer/README.md (HUBDEX_EMBEDDER_*).""";
    }
}

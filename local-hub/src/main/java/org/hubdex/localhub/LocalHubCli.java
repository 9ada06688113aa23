package org.hubdex.localhub;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the local hub, run by {@code ops/hub}: starts a {@link LocalHubServer} with the
 * {@link LocalHubSettings} from flags and {@code HUBDEX_HUB_*} variables, prints the effective
 * settings and the URL, and serves until the process is stopped (SIGINT/SIGTERM close the server
 * cleanly). Exit codes: 0 after a clean stop or {@code --help}, 1 when the server cannot start,
 * 2 for a usage error.
 */
public final class LocalHubCli {

    private LocalHubCli() {
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:org/hubdex/localhub/cli-log4j2.xml");
        }
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Starts the server and blocks until the JVM shuts down; returns the exit code when it cannot start. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        if (list.contains("--help") || list.contains("-h")) {
            out.print(usage());
            return 0;
        }
        LocalHubSettings settings;
        try {
            settings = LocalHubSettings.resolve(list, env, home(env));
        } catch (InvalidSettingException e) {
            err.println("ERROR " + e.getMessage());
            return 2;
        }
        out.println("Effective settings:");
        out.print(settings.describe().indent(2));
        LocalHubServer server;
        try {
            server = settings.toBuilder().build().start();
        } catch (LocalHubException e) {
            err.println("ERROR " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "local-hub-shutdown"));
        out.println("local hub serving " + server.modelCount() + " models from " + settings.root() + " at " + server.uri());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static Path home(Map<String, String> env) {
        String home = env.get("HUBDEX_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        String repo = System.getProperty("hubdex.repo.root");
        return (repo != null && !repo.isBlank() ? Path.of(repo) : Path.of("")).toAbsolutePath().resolve(".hubdex");
    }

    static String usage() {
        return """
                Usage: ops/hub [--root DIR] [--port N] [--host ADDR] [--faults SPEC] [--token T] [--settle 500ms] [--rescan 2s] [--threads N]

                Serves a directory of model repositories over the hub API subset (listing, info, tree, resolve)
                until stopped. Admin: POST /admin/rescan, GET|PUT /admin/faults, GET /admin/stats.

                Settings (a flag wins over its variable):
                """ + LocalHubSettings.documentationTable();
    }
}

package org.hubdex.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the local stack, run by {@code ops/stack}: {@code up}, {@code status}, {@code down},
 * {@code reset}, {@code topics [--bootstrap host:port]}, {@code --help}. Settings come from the
 * environment ({@link StackSettings.Key}). Exit codes: 0 success, 1 failure or unhealthy component,
 * 2 usage error.
 */
public final class StackCli {

    private final PrintStream out;
    private final PrintStream err;

    StackCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:org/hubdex/stack/cli-log4j2.xml");
        }
        System.exit(new StackCli(System.out, System.err).run(args));
    }

    /** Runs one verb and returns the exit code. */
    int run(String[] args) {
        if (args.length == 0 || List.of("--help", "-h", "help").contains(args[0])) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        String verb = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (verb) {
                case "up" -> noArgs(verb, rest) ? up() : 2;
                case "status" -> noArgs(verb, rest) ? status() : 2;
                case "down" -> noArgs(verb, rest) ? down() : 2;
                case "reset" -> noArgs(verb, rest) ? reset() : 2;
                case "topics" -> topics(rest);
                default -> {
                    err.println("Unknown verb '" + verb + "'. Run with --help for the list.");
                    yield 2;
                }
            };
        } catch (StackException e) {
            err.println("ERROR " + e.getMessage());
            return 1;
        }
    }

    private int up() {
        StackSettings s = StackSettings.fromEnvironment();
        out.println("Effective settings:");
        out.print(s.describe().indent(2));
        LocalStack stack = new LocalStack(s);
        LocalStack.UpReport report = stack.up();
        out.println();
        for (LocalStack.Started started : report.components()) {
            out.println(started.status().toLine() + (started.alreadyRunning() ? "  (already running)" : ""));
        }
        report.topics().toLines().forEach(out::println);
        out.println("data, logs and PID files under " + s.home() + " (logs/)");
        out.printf("up in %.1f s%n", report.took().toMillis() / 1000.0);
        return report.components().stream().allMatch(c -> c.status().healthy()) ? 0 : 1;
    }

    private int status() {
        StackSettings s = StackSettings.fromEnvironment();
        List<ComponentStatus> all = new LocalStack(s).status();
        all.forEach(c -> out.println(c.toLine()));
        return all.stream().allMatch(ComponentStatus::healthy) ? 0 : 1;
    }

    private int down() {
        StackSettings s = StackSettings.fromEnvironment();
        new LocalStack(s).down();
        out.println("stopped; data kept under " + s.home());
        return 0;
    }

    private int reset() {
        StackSettings s = StackSettings.fromEnvironment();
        new LocalStack(s).reset();
        out.println("stopped; deleted the stack's configs, data, logs and PID files under " + s.home());
        return 0;
    }

    private int topics(List<String> rest) {
        String bootstrap = null;
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--bootstrap") && i + 1 < rest.size()) {
                bootstrap = rest.get(++i);
            } else if (a.startsWith("--bootstrap=")) {
                bootstrap = a.substring("--bootstrap=".length());
            } else {
                err.println("topics: unexpected argument '" + a + "'. Usage: topics [--bootstrap host:port]");
                return 2;
            }
        }
        if (bootstrap == null) {
            bootstrap = StackSettings.fromEnvironment().kafkaBootstrap();
        }
        TopicReport r = LocalStack.createTopics(bootstrap, Duration.ofSeconds(60));
        r.toLines().forEach(out::println);
        return 0;
    }

    private boolean noArgs(String verb, List<String> rest) {
        if (!rest.isEmpty()) {
            err.println(verb + " takes no arguments, got " + rest + ". Settings come from the environment (see --help).");
            return false;
        }
        return true;
    }

    static String usage() {
        return """
                Usage: ops/stack <verb>

                Runs the real local stack without Docker: a Kafka KRaft broker and an Elasticsearch server,
                each in its own JVM, detached; everything lives under $HUBDEX_HOME.

                Verbs:
                  up        start Kafka and Elasticsearch (if not already running), create the topic
                            catalogue, wait until healthy, print what runs where
                  status    name, address, pid and health of each component; exit 1 unless all are healthy
                  down      stop the processes the stack started (PID files, ownership checked); keep data
                  reset     down, then delete the stack's data, logs and PID files (other files in
                            $HUBDEX_HOME are kept)
                  topics [--bootstrap host:port]
                            create the catalogue's topics on any broker (default: the local one)
                  --help    this text

                Environment (defaults in brackets):
                """ + settingsHelp();
    }

    private static String settingsHelp() {
        StringBuilder sb = new StringBuilder();
        for (StackSettings.Key k : StackSettings.Key.values()) {
            sb.append(String.format("  %-28s %s [%s]%n", k.env(), k.doc(), k.defaultText()));
        }
        return sb.toString();
    }
}

package org.hubdex.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hubdex.stack.internal.JdkLocator;

/**
 * The effective settings of one local stack: where it keeps its data, which ports it binds, which JDK
 * runs Elasticsearch and how long it waits. Immutable; each {@code withX} returns a copy. Every
 * setting is declared once in {@link Key} (environment variable, default, documentation), from which
 * {@link #fromEnvironment()} reads, {@link #describe()} prints and {@link #documentationTable()}
 * renders the README table.
 *
 * @param home data directory: configs, data, logs and PID files ({@code <repo>/.hubdex})
 * @param kafkaPort the broker's client listener on localhost
 * @param kafkaControllerPort the KRaft controller listener on localhost
 * @param kafkaHeap maximum heap of the broker JVM, e.g. {@code 512m}
 * @param esHttpPort Elasticsearch REST port
 * @param esTransportPort Elasticsearch transport port
 * @param esHeap heap of the Elasticsearch server JVM ({@code -Xms} = {@code -Xmx})
 * @param esJavaHome the JDK that runs Elasticsearch (Elasticsearch ignores {@code JAVA_HOME})
 * @param esUser unprivileged user that runs Elasticsearch when the stack is started as root
 * @param kafkaStartTimeout how long {@code up} waits for the broker to answer
 * @param esStartTimeout how long {@code up} waits for a yellow cluster
 * @param stopTimeout how long {@code down} waits after SIGTERM before it sends SIGKILL
 */
public record StackSettings(
        Path home,
        int kafkaPort,
        int kafkaControllerPort,
        String kafkaHeap,
        int esHttpPort,
        int esTransportPort,
        String esHeap,
        Path esJavaHome,
        String esUser,
        Duration kafkaStartTimeout,
        Duration esStartTimeout,
        Duration stopTimeout) {

    /** Every setting: its environment variable, default and meaning. */
    public enum Key {
        HOME("HUBDEX_HOME", "<repo>/.hubdex", "Data directory: configs, data, logs and PID files of the stack."),
        KAFKA_PORT("HUBDEX_KAFKA_PORT", "9092", "Kafka client listener (PLAINTEXT on localhost)."),
        KAFKA_CONTROLLER_PORT("HUBDEX_KAFKA_CONTROLLER_PORT", "9093", "KRaft controller listener on localhost."),
        KAFKA_HEAP("HUBDEX_KAFKA_HEAP", "512m", "Maximum heap of the broker JVM."),
        ES_PORT("HUBDEX_ES_PORT", "9200", "Elasticsearch HTTP (REST) port."),
        ES_TRANSPORT_PORT("HUBDEX_ES_TRANSPORT_PORT", "9300", "Elasticsearch transport port."),
        ES_HEAP("HUBDEX_ES_HEAP", "512m", "Heap of the Elasticsearch server JVM (-Xms and -Xmx)."),
        ES_JAVA_HOME("HUBDEX_ES_JAVA_HOME", "newest JDK in /usr/lib/jvm or $JAVA_HOME",
                "JDK that runs Elasticsearch (17+; 21+ runs vector search about 2x faster)."),
        ES_USER("HUBDEX_ES_USER", "hubdex", "Unprivileged user that runs Elasticsearch when started as root (created if missing)."),
        KAFKA_START_TIMEOUT("HUBDEX_KAFKA_START_TIMEOUT", "60s", "How long `up` waits for the broker to answer."),
        ES_START_TIMEOUT("HUBDEX_ES_START_TIMEOUT", "120s", "How long `up` waits for a yellow Elasticsearch cluster."),
        STOP_TIMEOUT("HUBDEX_STOP_TIMEOUT", "30s", "How long `down` waits after SIGTERM before SIGKILL.");

        private final String env;
        private final String defaultText;
        private final String doc;

        Key(String env, String defaultText, String doc) {
            this.env = env;
            this.defaultText = defaultText;
            this.doc = doc;
        }

        /** The environment variable. */
        public String env() {
            return env;
        }

        /** The default, as documentation text. */
        public String defaultText() {
            return defaultText;
        }

        /** What the setting does. */
        public String doc() {
            return doc;
        }
    }

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m)?");

    public StackSettings {
        Objects.requireNonNull(home, "home");
        home = home.toAbsolutePath().normalize();
        checkPort(Key.KAFKA_PORT, kafkaPort);
        checkPort(Key.KAFKA_CONTROLLER_PORT, kafkaControllerPort);
        checkPort(Key.ES_PORT, esHttpPort);
        checkPort(Key.ES_TRANSPORT_PORT, esTransportPort);
        Map<Integer, Key> seen = new java.util.HashMap<>();
        for (Map.Entry<Key, Integer> e : Map.of(Key.KAFKA_PORT, kafkaPort, Key.KAFKA_CONTROLLER_PORT, kafkaControllerPort,
                Key.ES_PORT, esHttpPort, Key.ES_TRANSPORT_PORT, esTransportPort).entrySet()) {
            Key other = seen.putIfAbsent(e.getValue(), e.getKey());
            if (other != null) {
                throw new InvalidSettingException(other.env() + " and " + e.getKey().env() + " are both " + e.getValue()
                        + ": every port of the stack must be different");
            }
        }
        checkHeap(Key.KAFKA_HEAP, kafkaHeap);
        checkHeap(Key.ES_HEAP, esHeap);
        Objects.requireNonNull(esJavaHome, "esJavaHome");
        esJavaHome = esJavaHome.toAbsolutePath().normalize();
        if (esUser == null || !USER.matcher(esUser).matches()) {
            throw new InvalidSettingException(Key.ES_USER.env() + " must be a POSIX user name such as hubdex, got '" + esUser + "'");
        }
        checkPositive(Key.KAFKA_START_TIMEOUT, kafkaStartTimeout);
        checkPositive(Key.ES_START_TIMEOUT, esStartTimeout);
        checkPositive(Key.STOP_TIMEOUT, stopTimeout);
    }

    /** Settings from this process's environment; the repository root comes from {@link #repositoryRoot()}. */
    public static StackSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), repositoryRoot());
    }

    /**
     * Settings from {@code env} (variables named in {@link Key}); unset or blank variables take their
     * default. {@code HUBDEX_ES_JAVA_HOME} must hold {@code bin/java}; without it the newest JDK under
     * {@code /usr/lib/jvm}, {@code $JAVA_HOME} and the running JVM is chosen.
     *
     * @throws InvalidSettingException naming the variable whose value is unusable
     */
    public static StackSettings fromEnvironment(Map<String, String> env, Path repoRoot) {
        Path home = get(env, Key.HOME).map(Path::of).orElse(repoRoot.resolve(".hubdex"));
        Path jdk;
        Optional<String> esJava = get(env, Key.ES_JAVA_HOME);
        if (esJava.isPresent()) {
            jdk = Path.of(esJava.get());
            if (!Files.isExecutable(jdk.resolve("bin/java"))) {
                throw new InvalidSettingException(Key.ES_JAVA_HOME.env() + "=" + esJava.get()
                        + " is not a JDK: " + jdk.resolve("bin/java") + " is missing or not executable");
            }
        } else {
            List<Path> candidates = new ArrayList<>(JdkLocator.systemCandidates());
            get(env, "JAVA_HOME").map(Path::of).ifPresent(candidates::add);
            jdk = JdkLocator.newest(candidates, 17).map(JdkLocator.Jdk::home).orElseThrow(() -> new InvalidSettingException(
                    "No JDK 17 or newer found under /usr/lib/jvm, $JAVA_HOME or the running JVM to run Elasticsearch;"
                            + " set " + Key.ES_JAVA_HOME.env() + " to one"));
        }
        return new StackSettings(
                home,
                port(env, Key.KAFKA_PORT),
                port(env, Key.KAFKA_CONTROLLER_PORT),
                get(env, Key.KAFKA_HEAP).orElse(Key.KAFKA_HEAP.defaultText()),
                port(env, Key.ES_PORT),
                port(env, Key.ES_TRANSPORT_PORT),
                get(env, Key.ES_HEAP).orElse(Key.ES_HEAP.defaultText()),
                jdk,
                get(env, Key.ES_USER).orElse(Key.ES_USER.defaultText()),
                duration(env, Key.KAFKA_START_TIMEOUT),
                duration(env, Key.ES_START_TIMEOUT),
                duration(env, Key.STOP_TIMEOUT));
    }

    /**
     * The repository root: system property {@code hubdex.repo.root} (set by {@code ops/stack} and by
     * the Maven test plugins), else the nearest directory at or above the working directory holding
     * {@code local-stack/pom.xml}, else the working directory.
     */
    public static Path repositoryRoot() {
        String prop = System.getProperty("hubdex.repo.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("local-stack/pom.xml"))) {
                return p;
            }
        }
        return cwd;
    }

    /** A copy with another data directory. */
    public StackSettings withHome(Path newHome) {
        return new StackSettings(newHome, kafkaPort, kafkaControllerPort, kafkaHeap, esHttpPort, esTransportPort, esHeap,
                esJavaHome, esUser, kafkaStartTimeout, esStartTimeout, stopTimeout);
    }

    /** A copy with other ports. */
    public StackSettings withPorts(int kafka, int kafkaController, int esHttp, int esTransport) {
        return new StackSettings(home, kafka, kafkaController, kafkaHeap, esHttp, esTransport, esHeap,
                esJavaHome, esUser, kafkaStartTimeout, esStartTimeout, stopTimeout);
    }

    /**
     * A copy with four ports the operating system reports free right now (for tests). Another process
     * may take one before the stack binds it; {@code up} then fails with {@link PortInUseException}.
     */
    public StackSettings withFreePorts() {
        Set<Integer> ports = new HashSet<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            while (ports.size() < 4) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports.add(s.getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not find free ports", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
        Integer[] p = ports.toArray(Integer[]::new);
        return withPorts(p[0], p[1], p[2], p[3]);
    }

    /** A copy with another heap for Elasticsearch. */
    public StackSettings withEsHeap(String heap) {
        return new StackSettings(home, kafkaPort, kafkaControllerPort, kafkaHeap, esHttpPort, esTransportPort, heap,
                esJavaHome, esUser, kafkaStartTimeout, esStartTimeout, stopTimeout);
    }

    /** {@code localhost:<kafkaPort>}. */
    public String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    /** {@code http://localhost:<esHttpPort>}. */
    public java.net.URI esUri() {
        return java.net.URI.create("http://localhost:" + esHttpPort);
    }

    /** The effective settings, one {@code VARIABLE = value} line each (there are no secrets to mask). */
    public String describe() {
        Map<Key, Object> values = new EnumMap<>(Key.class);
        values.put(Key.HOME, home);
        values.put(Key.KAFKA_PORT, kafkaPort);
        values.put(Key.KAFKA_CONTROLLER_PORT, kafkaControllerPort);
        values.put(Key.KAFKA_HEAP, kafkaHeap);
        values.put(Key.ES_PORT, esHttpPort);
        values.put(Key.ES_TRANSPORT_PORT, esTransportPort);
        values.put(Key.ES_HEAP, esHeap);
        values.put(Key.ES_JAVA_HOME, esJavaHome);
        values.put(Key.ES_USER, esUser);
        values.put(Key.KAFKA_START_TIMEOUT, formatDuration(kafkaStartTimeout));
        values.put(Key.ES_START_TIMEOUT, formatDuration(esStartTimeout));
        values.put(Key.STOP_TIMEOUT, formatDuration(stopTimeout));
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(String.format("%-29s = %s%n", k.env(), v)));
        return sb.toString();
    }

    /** The Markdown table of every setting (variable, default, meaning), as in the README. */
    public static String documentationTable() {
        StringBuilder sb = new StringBuilder("| Variable | Default | Meaning |\n|---|---|---|\n");
        for (Key k : Key.values()) {
            sb.append("| `").append(k.env()).append("` | `").append(k.defaultText()).append("` | ").append(k.doc()).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * Parses {@code 90}, {@code 90s}, {@code 2m}, {@code 500ms} or an ISO-8601 duration such as
     * {@code PT90S}; a bare number is seconds.
     */
    static Duration parseDuration(String env, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidSettingException(env + " must be a duration such as 60s, 2m, 500ms or PT60S, got '" + text + "'");
        }
    }

    private static String formatDuration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Optional<String> get(Map<String, String> env, Key key) {
        return get(env, key.env());
    }

    private static Optional<String> get(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static int port(Map<String, String> env, Key key) {
        String text = get(env, key).orElse(key.defaultText());
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key.env() + " must be a port number (1-65535), got '" + text + "'");
        }
    }

    private static Duration duration(Map<String, String> env, Key key) {
        return parseDuration(key.env(), get(env, key).orElse(key.defaultText()));
    }

    private static void checkPort(Key key, int port) {
        if (port < 1 || port > 65535) {
            throw new InvalidSettingException(key.env() + " must be a port number (1-65535), got " + port);
        }
    }

    private static void checkHeap(Key key, String heap) {
        if (heap == null || !HEAP.matcher(heap).matches()) {
            throw new InvalidSettingException(key.env() + " must be a JVM heap size such as 512m or 1g, got '" + heap + "'");
        }
    }

    private static void checkPositive(Key key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidSettingException(key.env() + " must be a positive duration, got " + d);
        }
    }
}

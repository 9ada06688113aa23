package org.hubdex.localhub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective settings of the {@code ops/hub} command: every setting is declared once in
 * {@link Key} (flag, environment variable, default, meaning), from which {@link #resolve} reads
 * (a flag wins over the variable, which wins over the default), {@link #describe()} prints (the
 * token masked) and {@link #documentationTable()} renders the README table. Immutable.
 *
 * @param root the directory of repositories
 * @param host the address to bind
 * @param port the port (0 = any free one)
 * @param faults the fault plan at start
 * @param token the token that reads gated and private repositories, if any
 * @param settleTime how long a changed folder must be quiet before it is published
 * @param rescanInterval time between rescans of the root
 * @param threads request threads
 */
public record LocalHubSettings(Path root, String host, int port, FaultPlan faults, Optional<String> token, Duration settleTime,
        Duration rescanInterval, int threads) {

    /** Every setting: flag, environment variable, default and meaning. */
    public enum Key {
        ROOT("--root", "HUBDEX_HUB_ROOT", "$HUBDEX_HOME/hub", "Directory of repositories, `<root>/<author>/<name>/` (docs/repo-folder-format.md)."),
        PORT("--port", "HUBDEX_HUB_PORT", "8900", "Port to listen on; 0 picks a free one (the URL is printed)."),
        HOST("--host", "HUBDEX_HUB_HOST", "127.0.0.1", "Address to bind; 0.0.0.0 for every interface."),
        FAULTS("--faults", "HUBDEX_HUB_FAULTS", "none", "Fault plan, e.g. 429:next=5,500:p=0.1,slow:ms=200 (local-hub/README.md, \"Faults\")."),
        TOKEN("--token", "HUBDEX_HUB_TOKEN", "(none)", "Token that reads gated and private models; other bearer tokens get 401. Never printed."),
        SETTLE("--settle", "HUBDEX_HUB_SETTLE", "500ms", "How long a changed folder must be quiet before its new commit is served."),
        RESCAN("--rescan", "HUBDEX_HUB_RESCAN", "2s", "Time between rescans of the root (also POST /admin/rescan)."),
        THREADS("--threads", "HUBDEX_HUB_THREADS", "16", "Request threads (slow and hang faults hold one each).");

        private final String flag;
        private final String env;
        private final String defaultText;
        private final String doc;

        Key(String flag, String env, String defaultText, String doc) {
            this.flag = flag;
            this.env = env;
            this.defaultText = defaultText;
            this.doc = doc;
        }

        public String flag() {
            return flag;
        }

        public String env() {
            return env;
        }

        public String defaultText() {
            return defaultText;
        }

        public String doc() {
            return doc;
        }
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m)?");

    public LocalHubSettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(token, "token");
    }

    /**
     * Settings from command-line flags ({@code --root DIR} or {@code --root=DIR}) over environment
     * variables over defaults.
     *
     * @param home {@code HUBDEX_HOME}, where the default root lies
     * @throws InvalidSettingException naming the flag or variable with an unusable value, or an unknown flag
     */
    public static LocalHubSettings resolve(List<String> args, Map<String, String> env, Path home) {
        Map<Key, String> given = new EnumMap<>(Key.class);
        Map<Key, String> source = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            String v = env.get(k.env());
            if (v != null && !v.isBlank()) {
                given.put(k, v.trim());
                source.put(k, k.env());
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            Key key = null;
            String value = null;
            for (Key k : Key.values()) {
                if (a.equals(k.flag())) {
                    if (i + 1 >= args.size()) {
                        throw new InvalidSettingException(k.flag() + " needs a value");
                    }
                    key = k;
                    value = args.get(++i);
                } else if (a.startsWith(k.flag() + "=")) {
                    key = k;
                    value = a.substring(k.flag().length() + 1);
                }
            }
            if (key == null) {
                throw new InvalidSettingException("unknown argument '" + a + "'; run with --help for the flags");
            }
            given.put(key, value.trim());
            source.put(key, key.flag());
        }
        Path root = Optional.ofNullable(given.get(Key.ROOT)).map(Path::of).orElse(home.resolve("hub"));
        int port = integer(given, source, Key.PORT, 0, 65535);
        String host = given.getOrDefault(Key.HOST, Key.HOST.defaultText());
        FaultPlan faults;
        try {
            faults = FaultPlan.parse(given.getOrDefault(Key.FAULTS, "none"));
        } catch (InvalidFaultSpecException e) {
            throw new InvalidSettingException(source.get(Key.FAULTS) + ": " + e.getMessage());
        }
        Optional<String> token = Optional.ofNullable(given.get(Key.TOKEN));
        return new LocalHubSettings(root, host, port, faults, token, duration(given, source, Key.SETTLE),
                duration(given, source, Key.RESCAN), integer(given, source, Key.THREADS, 1, 1024));
    }

    /** A server builder with these settings. */
    public LocalHubServer.Builder toBuilder() {
        LocalHubServer.Builder b = LocalHubServer.builder().setRoot(root).optHost(host).optPort(port).optFaults(faults)
                .optSettleTime(settleTime).optRescanInterval(rescanInterval).optThreads(threads);
        token.ifPresent(b::optToken);
        return b;
    }

    /** The effective settings, one {@code VARIABLE = value} line each; the token is masked. */
    public String describe() {
        Map<Key, Object> values = new EnumMap<>(Key.class);
        values.put(Key.ROOT, root);
        values.put(Key.PORT, port);
        values.put(Key.HOST, host);
        values.put(Key.FAULTS, faults.toSpec());
        values.put(Key.TOKEN, token.isPresent() ? "****" : "(none)");
        values.put(Key.SETTLE, settleTime.toMillis() + "ms");
        values.put(Key.RESCAN, rescanInterval.toMillis() + "ms");
        values.put(Key.THREADS, threads);
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(String.format("%-19s = %s%n", k.env(), v)));
        return sb.toString();
    }

    /** The Markdown table of every setting, as in the module README. */
    public static String documentationTable() {
        StringBuilder sb = new StringBuilder("| Flag | Variable | Default | Meaning |\n|---|---|---|---|\n");
        for (Key k : Key.values()) {
            sb.append("| `").append(k.flag()).append("` | `").append(k.env()).append("` | `").append(k.defaultText()).append("` | ")
                    .append(k.doc()).append(" |\n");
        }
        return sb.toString();
    }

    private static int integer(Map<Key, String> given, Map<Key, String> source, Key key, int min, int max) {
        String text = given.getOrDefault(key, key.defaultText());
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException(source.getOrDefault(key, key.env()) + " must be an integer from " + min + " to " + max
                + ", got '" + text + "'");
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}; a bare number is milliseconds. */
    private static Duration duration(Map<Key, String> given, Map<Key, String> source, Key key) {
        String text = given.getOrDefault(key, key.defaultText()).toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new InvalidSettingException(source.getOrDefault(key, key.env()) + " must be a duration such as 500ms, 2s or 1m, got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofMillis(n);
        };
    }
}

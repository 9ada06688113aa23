package org.hubdex.localhub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hubdex.localhub.FaultRule.Always;
import org.hubdex.localhub.FaultRule.Chance;
import org.hubdex.localhub.FaultRule.Every;
import org.hubdex.localhub.FaultRule.First;
import org.hubdex.localhub.FaultRule.Scope;
import org.hubdex.localhub.FaultRule.Target;
import org.hubdex.localhub.FaultRule.Trigger;

/**
 * The faults the local hub injects, for tests and demos: an immutable value set at start
 * ({@link LocalHubServer.Builder#optFaults}, {@code --faults}, {@code HUBDEX_HUB_FAULTS}) or at run
 * time ({@link LocalHubServer#setFaults}, {@code PUT /admin/faults}). Admin requests are never
 * faulted. Setting a plan restarts its counters, so {@code next=K} means "the next K requests".
 *
 * <h2>Modes</h2>
 * <table>
 * <caption>fault modes</caption>
 * <tr><th>spec</th><th>effect</th></tr>
 * <tr><td>{@code 429[:t=S][:retry-after=S]}</td><td>rate-limit storm: 429 with {@code RateLimit: "api";r=0;t=S}
 *     (bucket {@code resolvers} on resolve), {@code RateLimit-Policy: "fixed window";"api";q=500;w=300}, and
 *     {@code Retry-After} when given ({@link FaultRule.RateLimitStorm})</td></tr>
 * <tr><td>{@code 500}, {@code 502}, {@code 503}, {@code 504}</td><td>that server error with a JSON body ({@link FaultRule.ServerError})</td></tr>
 * <tr><td>{@code slow:ms=N}</td><td>delay N ms, then answer normally; adds to the others ({@link FaultRule.Slow})</td></tr>
 * <tr><td>{@code hang:ms=N}</td><td>hold the request N ms (default 10,000) without a response, then close the connection ({@link FaultRule.Hang})</td></tr>
 * <tr><td>{@code drop}</td><td>close the connection at once without a response ({@link FaultRule.Drop})</td></tr>
 * <tr><td>{@code truncate[:keep=F]}</td><td>declare the full {@code Content-Length}, write the first fraction F (default 0.5) of the body, close ({@link FaultRule.Truncate})</td></tr>
 * <tr><td>{@code gated:id=A/N[:mode=auto]}</td><td>the model is gated: listed with {@code gated:"manual"}, info readable, files 401/403 {@code GatedRepo} ({@link FaultRule.Gated})</td></tr>
 * <tr><td>{@code vanish:id=A/N}</td><td>the model was deleted after listing: listed, then info/tree/resolve answer as a missing repo ({@link FaultRule.Vanish})</td></tr>
 * <tr><td>{@code ratelimit[:api=Q][:resolvers=Q][:window=S][:retry-after=true]}</td><td>a limiter that really counts
 *     requests per fixed window and bucket, like the hub (defaults 500, 3000, 300 s) ({@link RateLimitPolicy})</td></tr>
 * <tr><td>{@code seed=N}</td><td>the seed of the {@code p=} draws (default 42)</td></tr>
 * </table>
 *
 * <p>Request faults take a trigger, {@code every=N} (every N-th selected request), {@code next=K}
 * (the first K) or {@code p=F} (a deterministic fraction; default: every request), and a target,
 * {@code on=api|resolve|all} (default all) and {@code id=A/N} (only requests naming that model).
 * Entries are separated by {@code ,}, parameters by {@code :}, for example
 * {@code 429:next=5:t=2,500:p=0.1:on=resolve,slow:ms=200,truncate:p=0.05,gated:id=org/x,vanish:id=org/y}.
 * The empty spec and {@code none} mean no faults.
 *
 * <p>Each request is matched against every request rule in order (each counts its own selected
 * requests); the delays of firing {@code slow} rules add up, a firing {@code truncate} cuts the body,
 * and the first firing terminal rule (429, 5xx, hang, drop) decides the answer. The rate limiter
 * is consulted before the rules.
 *
 * @param seed seed of the {@link Chance} draws
 * @param rules the rules, in order
 * @param rateLimit the counting rate limiter, if on
 */
public record FaultPlan(long seed, List<FaultRule> rules, Optional<RateLimitPolicy> rateLimit) {

    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 42;

    private static final FaultPlan NONE = new FaultPlan(DEFAULT_SEED, List.of(), Optional.empty());

    public FaultPlan {
        rules = List.copyOf(rules);
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** No faults. */
    public static FaultPlan none() {
        return NONE;
    }

    /** Whether this plan injects nothing. */
    public boolean isEmpty() {
        return rules.isEmpty() && rateLimit.isEmpty();
    }

    /** The gated mode this plan imposes on {@code modelId}, if any. */
    public Optional<String> gatedMode(String modelId) {
        for (FaultRule r : rules) {
            if (r instanceof FaultRule.Gated g && g.modelId().equals(modelId)) {
                return Optional.of(g.mode());
            }
        }
        return Optional.empty();
    }

    /** Whether this plan makes {@code modelId} vanish after listing. */
    public boolean vanished(String modelId) {
        for (FaultRule r : rules) {
            if (r instanceof FaultRule.Vanish v && v.modelId().equals(modelId)) {
                return true;
            }
        }
        return false;
    }

    /** This plan in the spec syntax; {@code parse(plan.toSpec())} equals {@code plan}. {@code none} when empty. */
    public String toSpec() {
        if (isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (seed != DEFAULT_SEED) {
            parts.add("seed=" + seed);
        }
        rules.forEach(r -> parts.add(r.toSpec()));
        rateLimit.ifPresent(r -> parts.add(r.toSpec()));
        return String.join(",", parts);
    }

    @Override
    public String toString() {
        return toSpec();
    }

    /** A builder, for plans made in code. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the compact spec described in the class comment.
     *
     * @throws InvalidFaultSpecException quoting the bad entry and the expected form
     */
    public static FaultPlan parse(String spec) {
        Builder b = builder();
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return none();
        }
        for (String rawEntry : spec.split(",")) {
            String entry = rawEntry.trim();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                parseEntry(entry, b);
            } catch (InvalidFaultSpecException e) {
                throw new InvalidFaultSpecException("fault spec entry '" + entry + "': " + e.getMessage());
            }
        }
        return b.build();
    }

    private static void parseEntry(String entry, Builder b) {
        if (entry.startsWith("seed=")) {
            b.optSeed(parseLong("seed", entry.substring(5)));
            return;
        }
        String[] parts = entry.split(":");
        String mode = parts[0].trim().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new InvalidFaultSpecException("parameter '" + p + "' is not key=value");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (params.put(key, p.substring(eq + 1).trim()) != null) {
                throw new InvalidFaultSpecException("parameter '" + key + "' given twice");
            }
        }
        switch (mode) {
            case "429" -> {
                Target target = target(params);
                Trigger trigger = trigger(params);
                int t = (int) parseLong("t", params.getOrDefault("t", "60"));
                Optional<Integer> retryAfter = Optional.ofNullable(params.get("retry-after")).map(v -> (int) parseLong("retry-after", v));
                b.add(new FaultRule.RateLimitStorm(target, trigger, t, retryAfter));
                checkKnown(params, "t", "retry-after");
            }
            case "500", "502", "503", "504" -> {
                b.add(new FaultRule.ServerError(target(params), trigger(params), Integer.parseInt(mode)));
                checkKnown(params);
            }
            case "slow" -> {
                b.add(new FaultRule.Slow(target(params), trigger(params), Duration.ofMillis(parseLong("ms", params.getOrDefault("ms", "1000")))));
                checkKnown(params, "ms");
            }
            case "hang" -> {
                b.add(new FaultRule.Hang(target(params), trigger(params), Duration.ofMillis(parseLong("ms", params.getOrDefault("ms", "10000")))));
                checkKnown(params, "ms");
            }
            case "drop" -> {
                b.add(new FaultRule.Drop(target(params), trigger(params)));
                checkKnown(params);
            }
            case "truncate" -> {
                b.add(new FaultRule.Truncate(target(params), trigger(params), parseDouble("keep", params.getOrDefault("keep", "0.5"))));
                checkKnown(params, "keep");
            }
            case "gated" -> {
                b.add(new FaultRule.Gated(required(params, "id"), params.getOrDefault("mode", "manual")));
                checkKnown(params, "id", "mode");
            }
            case "vanish" -> {
                b.add(new FaultRule.Vanish(required(params, "id")));
                checkKnown(params, "id");
            }
            case "ratelimit" -> {
                RateLimitPolicy d = RateLimitPolicy.HUB_ANONYMOUS;
                b.optRateLimit(new RateLimitPolicy(
                        (int) parseLong("api", params.getOrDefault("api", Integer.toString(d.apiQuota()))),
                        (int) parseLong("resolvers", params.getOrDefault("resolvers", Integer.toString(d.resolverQuota()))),
                        Duration.ofSeconds(parseLong("window", params.getOrDefault("window", Long.toString(d.window().getSeconds())))),
                        Boolean.parseBoolean(params.getOrDefault("retry-after", "false"))));
                checkKnown(params, "api", "resolvers", "window", "retry-after");
            }
            default -> throw new InvalidFaultSpecException("unknown mode '" + mode
                    + "'; expected one of 429, 500, 502, 503, 504, slow, hang, drop, truncate, gated, vanish, ratelimit, seed=N");
        }
    }

    private static Target target(Map<String, String> params) {
        Scope scope = Scope.ALL;
        String on = params.remove("on");
        if (on != null) {
            scope = switch (on.toLowerCase(Locale.ROOT)) {
                case "api" -> Scope.API;
                case "resolve" -> Scope.RESOLVE;
                case "all" -> Scope.ALL;
                default -> throw new InvalidFaultSpecException("on= must be api, resolve or all, got '" + on + "'");
            };
        }
        return new Target(scope, Optional.ofNullable(params.remove("id")));
    }

    private static Trigger trigger(Map<String, String> params) {
        String every = params.remove("every");
        String next = params.remove("next");
        String p = params.remove("p");
        int given = (every != null ? 1 : 0) + (next != null ? 1 : 0) + (p != null ? 1 : 0);
        if (given > 1) {
            throw new InvalidFaultSpecException("give at most one of every=N, next=K, p=F");
        }
        if (every != null) {
            return new Every((int) parseLong("every", every));
        }
        if (next != null) {
            return new First((int) parseLong("next", next));
        }
        if (p != null) {
            return new Chance(parseDouble("p", p));
        }
        return new Always();
    }

    private static void checkKnown(Map<String, String> params, String... allowed) {
        List<String> unknown = params.keySet().stream().filter(k -> !List.of(allowed).contains(k)).collect(Collectors.toList());
        if (!unknown.isEmpty()) {
            throw new InvalidFaultSpecException("unknown parameter(s) " + unknown + "; this mode takes "
                    + (allowed.length == 0 ? "only" : List.of(allowed) + " and") + " every=N|next=K|p=F, on=api|resolve|all, id=A/N");
        }
    }

    private static String required(Map<String, String> params, String key) {
        String v = params.get(key);
        if (v == null || v.isEmpty()) {
            throw new InvalidFaultSpecException("needs " + key + "=...");
        }
        return v;
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidFaultSpecException(key + "= needs an integer, got '" + value + "'");
        }
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidFaultSpecException(key + "= needs a number, got '" + value + "'");
        }
    }

    /** Builds a plan in code; {@code build()} checks the rules together. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private final List<FaultRule> rules = new ArrayList<>();
        private Optional<RateLimitPolicy> rateLimit = Optional.empty();

        private Builder() {
        }

        /** Seed of the {@code p=} draws (default 42). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Adds a rule after the others. */
        public Builder add(FaultRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Turns the counting rate limiter on. */
        public Builder optRateLimit(RateLimitPolicy policy) {
            this.rateLimit = Optional.of(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** The plan. Rejects two gated or two vanish rules for one model, and a model both gated and vanished. */
        public FaultPlan build() {
            Map<String, String> modelRules = new LinkedHashMap<>();
            for (FaultRule r : rules) {
                String id = r instanceof FaultRule.Gated g ? g.modelId() : r instanceof FaultRule.Vanish v ? v.modelId() : null;
                if (id != null) {
                    String before = modelRules.put(id, r.name());
                    if (before != null) {
                        throw new InvalidFaultSpecException("model " + id + " has two model faults (" + before + " and " + r.name()
                                + "); keep one");
                    }
                }
            }
            return new FaultPlan(seed, rules, rateLimit);
        }
    }
}

package org.hubdex.localhub;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One fault of a {@link FaultPlan}. Request faults ({@link RateLimitStorm}, {@link ServerError},
 * {@link Slow}, {@link Hang}, {@link Drop}, {@link Truncate}) fire on the requests their
 * {@link Target} selects, when their {@link Trigger} says so; model faults ({@link Gated},
 * {@link Vanish}) change how one model is served for as long as the plan is in force. Immutable
 * values; {@link #toSpec()} gives the spec syntax {@link FaultPlan#parse} reads back.
 */
public sealed interface FaultRule permits FaultRule.RequestFault, FaultRule.Gated, FaultRule.Vanish {

    /** The spec form of this rule, e.g. {@code 429:next=5:t=10}. */
    String toSpec();

    /** The name counted in statistics and request records: {@code 429}, {@code 500}, {@code slow}, ... */
    String name();

    /** A fault acting on requests: which requests it considers, and when it fires. */
    sealed interface RequestFault extends FaultRule permits RateLimitStorm, ServerError, Slow, Hang, Drop, Truncate {
        /** The requests this fault considers. */
        Target target();

        /** When it fires among them. */
        Trigger trigger();
    }

    /** Model ids as the hub spells them: {@code author/name}. */
    Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    /** Which requests a request fault considers. */
    enum Scope {
        /** {@code /api/...} (listing, info, tree). */
        API,
        /** {@code /{id}/resolve/...}. */
        RESOLVE,
        /** Both. */
        ALL;

        /** Whether a request of {@code requestScope} (API or RESOLVE) is selected. */
        public boolean covers(Scope requestScope) {
            return this == ALL || this == requestScope;
        }
    }

    /**
     * Which requests a request fault considers: a scope, and optionally only those naming one model.
     *
     * @param scope API, RESOLVE or ALL
     * @param modelId only requests for this model (info, tree, resolve), if present
     */
    record Target(Scope scope, Optional<String> modelId) {
        /** Every request except admin ones. */
        public static final Target ALL = new Target(Scope.ALL, Optional.empty());

        public Target {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(modelId, "modelId");
            modelId.ifPresent(FaultRule::checkModelId);
        }

        /** Only requests of {@code scope}. */
        public static Target of(Scope scope) {
            return new Target(scope, Optional.empty());
        }

        /** Only requests for {@code modelId}, any scope. */
        public static Target model(String modelId) {
            return new Target(Scope.ALL, Optional.of(modelId));
        }

        String toSpec() {
            return (scope == Scope.ALL ? "" : ":on=" + scope.name().toLowerCase(Locale.ROOT)) + modelId.map(id -> ":id=" + id).orElse("");
        }
    }

    /**
     * When a request fault fires, counting only the requests its target selects (1-based, from the
     * moment the plan is set). Deterministic: {@link Chance} draws from a hash of the plan's seed,
     * the rule's position and the request's count, so a single-threaded client meets the same faults
     * on every run.
     */
    sealed interface Trigger permits Always, Every, First, Chance {
        /** Whether the {@code n}-th selected request (1-based) is faulted. */
        boolean fires(long n, long seed, int ruleIndex);

        /** Spec form, empty for {@link Always}. */
        String toSpec();
    }

    /** Every selected request. */
    record Always() implements Trigger {
        @Override
        public boolean fires(long n, long seed, int ruleIndex) {
            return true;
        }

        @Override
        public String toSpec() {
            return "";
        }
    }

    /** Every {@code n}-th selected request ({@code every=n}). */
    record Every(int n) implements Trigger {
        public Every {
            if (n < 1) {
                throw new InvalidFaultSpecException("every=N needs N >= 1, got " + n);
            }
        }

        @Override
        public boolean fires(long count, long seed, int ruleIndex) {
            return count % n == 0;
        }

        @Override
        public String toSpec() {
            return ":every=" + n;
        }
    }

    /** The first {@code k} selected requests after the plan is set ({@code next=k}): a storm that ends. */
    record First(int k) implements Trigger {
        public First {
            if (k < 1) {
                throw new InvalidFaultSpecException("next=K needs K >= 1, got " + k);
            }
        }

        @Override
        public boolean fires(long count, long seed, int ruleIndex) {
            return count <= k;
        }

        @Override
        public String toSpec() {
            return ":next=" + k;
        }
    }

    /** A fraction {@code p} of selected requests ({@code p=0.1}), drawn deterministically from the seed. */
    record Chance(double p) implements Trigger {
        public Chance {
            if (!(p >= 0 && p <= 1)) {
                throw new InvalidFaultSpecException("p=F needs 0 <= F <= 1, got " + p);
            }
        }

        @Override
        public boolean fires(long count, long seed, int ruleIndex) {
            long h = mix(seed ^ mix(ruleIndex + 0x9E3779B97F4A7C15L) ^ mix(count * 0xC2B2AE3D27D4EB4FL));
            return (h >>> 11) * 0x1.0p-53 < p;
        }

        @Override
        public String toSpec() {
            return ":p=" + p;
        }

        private static long mix(long z) {
            // SplitMix64's finalizer: a good bijective mixer, so nearby counts give independent draws.
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    /**
     * 429 Too Many Requests with {@code RateLimit: "<bucket>";r=0;t=<resetSeconds>} and
     * {@code RateLimit-Policy}, plus {@code Retry-After} when set: a rate-limit storm.
     */
    record RateLimitStorm(Target target, Trigger trigger, int resetSeconds, Optional<Integer> retryAfterSeconds) implements RequestFault {
        public RateLimitStorm {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
            if (resetSeconds < 0) {
                throw new InvalidFaultSpecException("429: t=seconds to reset must be >= 0, got " + resetSeconds);
            }
            retryAfterSeconds.ifPresent(s -> {
                if (s < 0) {
                    throw new InvalidFaultSpecException("429: retry-after must be >= 0, got " + s);
                }
            });
        }

        @Override
        public String name() {
            return "429";
        }

        @Override
        public String toSpec() {
            return "429" + trigger.toSpec() + target.toSpec() + ":t=" + resetSeconds + retryAfterSeconds.map(s -> ":retry-after=" + s).orElse("");
        }
    }

    /** A server error: 500, 502 or 503 with a JSON error body. */
    record ServerError(Target target, Trigger trigger, int status) implements RequestFault {
        public ServerError {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(trigger, "trigger");
            if (status != 500 && status != 502 && status != 503 && status != 504) {
                throw new InvalidFaultSpecException("server errors are 500, 502, 503 or 504, got " + status);
            }
        }

        @Override
        public String name() {
            return Integer.toString(status);
        }

        @Override
        public String toSpec() {
            return status + trigger.toSpec() + target.toSpec();
        }
    }

    /** Delays the response by {@code delay}, then answers normally; combines with the other faults. */
    record Slow(Target target, Trigger trigger, Duration delay) implements RequestFault {
        public Slow {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(trigger, "trigger");
            checkDuration("slow: ms", delay);
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public String toSpec() {
            return "slow" + trigger.toSpec() + target.toSpec() + ":ms=" + delay.toMillis();
        }
    }

    /** Holds the request for {@code hold} without answering, then closes the connection (a client without a read timeout hangs). */
    record Hang(Target target, Trigger trigger, Duration hold) implements RequestFault {
        public Hang {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(trigger, "trigger");
            checkDuration("hang: ms", hold);
        }

        @Override
        public String name() {
            return "hang";
        }

        @Override
        public String toSpec() {
            return "hang" + trigger.toSpec() + target.toSpec() + ":ms=" + hold.toMillis();
        }
    }

    /** Closes the connection at once without a response (the client sees a reset or an empty reply). */
    record Drop(Target target, Trigger trigger) implements RequestFault {
        public Drop {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public String name() {
            return "drop";
        }

        @Override
        public String toSpec() {
            return "drop" + trigger.toSpec() + target.toSpec();
        }
    }

    /**
     * A body cut short: the full {@code Content-Length} is declared, the first {@code keep} fraction
     * of the body is written, then the connection is closed. Bodies of one byte or less and HEAD
     * answers are not cut.
     */
    record Truncate(Target target, Trigger trigger, double keep) implements RequestFault {
        public Truncate {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(trigger, "trigger");
            if (!(keep >= 0 && keep < 1)) {
                throw new InvalidFaultSpecException("truncate: keep=F needs 0 <= F < 1, got " + keep);
            }
        }

        @Override
        public String name() {
            return "truncate";
        }

        @Override
        public String toSpec() {
            return "truncate" + trigger.toSpec() + target.toSpec() + ":keep=" + keep;
        }
    }

    /**
     * The model is gated ({@code "manual"} or {@code "auto"}), whatever its {@code .hub.json} says:
     * listed with {@code gated}, its info readable, its files 401 {@code GatedRepo} without a token
     * and 403 {@code GatedRepo} with a token the server does not approve.
     */
    record Gated(String modelId, String mode) implements FaultRule {
        public Gated {
            checkModelId(modelId);
            if (!mode.equals("manual") && !mode.equals("auto")) {
                throw new InvalidFaultSpecException("gated: mode must be manual or auto, got '" + mode + "'");
            }
        }

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public String toSpec() {
            return "gated:id=" + modelId + (mode.equals("manual") ? "" : ":mode=" + mode);
        }
    }

    /**
     * The model was deleted between listing and download: still listed, but info, tree and resolve
     * answer as for a missing repository (401 {@code RepoNotFound} anonymously, 404 with a token).
     */
    record Vanish(String modelId) implements FaultRule {
        public Vanish {
            checkModelId(modelId);
        }

        @Override
        public String name() {
            return "vanish";
        }

        @Override
        public String toSpec() {
            return "vanish:id=" + modelId;
        }
    }

    private static void checkModelId(String id) {
        if (id == null || !MODEL_ID.matcher(id).matches()) {
            throw new InvalidFaultSpecException("a model id is author/name (letters, digits, . _ -), got '" + id + "'");
        }
    }

    private static void checkDuration(String what, Duration d) {
        if (d == null || d.isNegative()) {
            throw new InvalidFaultSpecException(what + " must be a duration >= 0, got " + d);
        }
    }
}

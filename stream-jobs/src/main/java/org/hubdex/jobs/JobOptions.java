package org.hubdex.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.flink.util.TimeUtils;

/**
 * How {@link JobEnvironment} sets up a job: immutable; start from {@link #builder()} or
 * {@link #fromEnvironment(String, Map)}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>field</th><th>environment variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>jobName</td><td>-</td><td>(required)</td><td>name shown by Flink; prefix of transactional ids by convention</td></tr>
 *   <tr><td>parallelism</td><td>{@code HUBDEX_FLINK_PARALLELISM}</td><td>Flink's: the cores locally, the cluster's or {@code flink run -p}</td><td>default parallelism of the job's operators</td></tr>
 *   <tr><td>checkpointInterval</td><td>{@code HUBDEX_FLINK_CHECKPOINT_INTERVAL}</td><td>2 s</td><td>exactly-once checkpoints; sinks commit their Kafka transaction on each. Below {@link KafkaSinks#TRANSACTION_TIMEOUT}</td></tr>
 *   <tr><td>restart</td><td>{@code HUBDEX_FLINK_RESTART_ATTEMPTS}</td><td>Flink's (exponential delay)</td><td>fixed-delay restarts after a failure, each from the last checkpoint</td></tr>
 *   <tr><td>checkpointDir</td><td>{@code HUBDEX_FLINK_CHECKPOINT_DIR}</td><td>none: in the JobManager's memory</td><td>durable checkpoints, kept when the job stops, so that a restart resumes from the last one</td></tr>
 *   <tr><td>localTmpDir</td><td>{@code HUBDEX_FLINK_TMP_DIR}</td><td>a new directory under {@code java.io.tmpdir}, deleted at exit</td><td>local MiniCluster only: Flink's {@code io.tmp.dirs} and working directory (RPC jar, blobs)</td></tr>
 * </table>
 *
 * @param jobName the job's name
 * @param parallelism default parallelism; empty for Flink's default
 * @param checkpointInterval time between checkpoints
 * @param restart restart strategy; empty for Flink's default
 * @param localTmpDir temporary directory of a local MiniCluster; empty for a fresh one
 * @param checkpointDir where checkpoints are written and retained; empty for the JobManager's memory
 * @param restoreFrom a retained checkpoint or savepoint to start from; empty for a fresh start
 */
public record JobOptions(String jobName, OptionalInt parallelism, Duration checkpointInterval,
        Optional<FixedDelayRestart> restart, Optional<Path> localTmpDir, Optional<Path> checkpointDir,
        Optional<Path> restoreFrom) {

    public static final String ENV_PARALLELISM = "HUBDEX_FLINK_PARALLELISM";
    public static final String ENV_CHECKPOINT_INTERVAL = "HUBDEX_FLINK_CHECKPOINT_INTERVAL";
    public static final String ENV_RESTART_ATTEMPTS = "HUBDEX_FLINK_RESTART_ATTEMPTS";
    public static final String ENV_TMP_DIR = "HUBDEX_FLINK_TMP_DIR";
    public static final String ENV_CHECKPOINT_DIR = "HUBDEX_FLINK_CHECKPOINT_DIR";

    /** Default checkpoint interval. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    /** Delay between restarts when {@link #ENV_RESTART_ATTEMPTS} is set. */
    public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(1);

    /**
     * Fixed-delay restarts: up to {@code attempts} restarts, {@code delay} apart.
     *
     * @param attempts how many restarts before the job fails for good (at least 1)
     * @param delay wait before each restart
     */
    public record FixedDelayRestart(int attempts, Duration delay) {
        public FixedDelayRestart {
            if (attempts < 1) {
                throw new IllegalArgumentException("restart attempts must be at least 1, got " + attempts);
            }
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("restart delay must not be negative, got " + delay);
            }
        }
    }

    /** Use {@link #builder()}; the constructor checks every rule too. */
    public JobOptions {
        if (jobName == null || jobName.isBlank()) {
            throw new IllegalArgumentException("jobName is required (e.g. hubdex-tokenize)");
        }
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(localTmpDir, "localTmpDir");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        Objects.requireNonNull(restoreFrom, "restoreFrom");
        parallelism.ifPresent(p -> {
            if (p < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + p + " (" + ENV_PARALLELISM + ")");
            }
        });
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (checkpointInterval.toMillis() < 10 || checkpointInterval.compareTo(KafkaSinks.TRANSACTION_TIMEOUT.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("checkpointInterval must be between 10 ms and "
                    + KafkaSinks.TRANSACTION_TIMEOUT.dividedBy(2).toSeconds() + " s (half the Kafka sinks' transaction timeout,"
                    + " or the broker aborts transactions before they are committed), got " + checkpointInterval
                    + " (" + ENV_CHECKPOINT_INTERVAL + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options from environment variables ({@code HUBDEX_FLINK_*}, see the class doc); an unset or
     * blank variable keeps the default.
     *
     * @throws IllegalArgumentException naming the variable when a value does not parse or breaks a rule
     */
    public static JobOptions fromEnvironment(String jobName, Map<String, String> env) {
        Builder b = builder().setJobName(jobName);
        value(env, ENV_PARALLELISM).ifPresent(v -> b.optParallelism(parseInt(ENV_PARALLELISM, v)));
        value(env, ENV_CHECKPOINT_INTERVAL).ifPresent(v -> {
            try {
                b.optCheckpointInterval(TimeUtils.parseDuration(v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV_CHECKPOINT_INTERVAL + "='" + v
                        + "' is not a duration (e.g. 2s, 500ms, 1min)", e);
            }
        });
        value(env, ENV_RESTART_ATTEMPTS).ifPresent(v ->
                b.optRestart(new FixedDelayRestart(parseInt(ENV_RESTART_ATTEMPTS, v), DEFAULT_RESTART_DELAY)));
        value(env, ENV_TMP_DIR).ifPresent(v -> b.optLocalTmpDir(Path.of(v)));
        value(env, ENV_CHECKPOINT_DIR).ifPresent(v -> b.optCheckpointDir(Path.of(v)));
        return b.build();
    }

    /** One line for the log. */
    public String describe() {
        return String.format("job %s, parallelism %s, checkpoint interval %d ms (exactly-once), restart %s",
                jobName, parallelism.isPresent() ? parallelism.getAsInt() : "Flink's default",
                checkpointInterval.toMillis(), restart.map(r -> "fixed-delay " + r.attempts() + " x "
                        + r.delay().toMillis() + " ms").orElse("Flink's default"))
                + checkpointDir.map(d -> ", checkpoints kept in " + d).orElse(", checkpoints in memory")
                + restoreFrom.map(r -> ", restoring from " + r).orElse("");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + v + "' is not an integer", e);
        }
    }

    /** Builds {@link JobOptions}: {@code setJobName} is required, everything else optional. */
    public static final class Builder {
        private String jobName;
        private OptionalInt parallelism = OptionalInt.empty();
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Optional<FixedDelayRestart> restart = Optional.empty();
        private Optional<Path> localTmpDir = Optional.empty();
        private Optional<Path> checkpointDir = Optional.empty();
        private Optional<Path> restoreFrom = Optional.empty();

        private Builder() {
        }

        public Builder setJobName(String jobName) {
            this.jobName = jobName;
            return this;
        }

        public Builder optParallelism(int parallelism) {
            this.parallelism = OptionalInt.of(parallelism);
            return this;
        }

        public Builder optCheckpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        public Builder optRestart(FixedDelayRestart restart) {
            this.restart = Optional.of(restart);
            return this;
        }

        public Builder optLocalTmpDir(Path dir) {
            this.localTmpDir = Optional.of(dir);
            return this;
        }

        /**
         * Where checkpoints are written (a local path or, on a cluster, a path every node can reach); they are
         * kept when the job is cancelled or dies, so a restart can restore one ({@link #optRestoreFrom}).
         * Without it checkpoints live in the JobManager's memory and die with it.
         */
        public Builder optCheckpointDir(Path dir) {
            this.checkpointDir = Optional.of(dir);
            return this;
        }

        /** A retained checkpoint (its {@code chk-N} directory) or savepoint to restore the job's state and offsets from. */
        public Builder optRestoreFrom(Path checkpoint) {
            this.restoreFrom = Optional.of(checkpoint);
            return this;
        }

        public JobOptions build() {
            return new JobOptions(jobName, parallelism, checkpointInterval, restart, localTmpDir, checkpointDir, restoreFrom);
        }
    }
}

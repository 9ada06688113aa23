package org.hubdex.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@link StreamExecutionEnvironment} of a Hubdex job through
 * {@link StreamExecutionEnvironment#getExecutionEnvironment(Configuration)}: run as a plain Java
 * program that is a local MiniCluster inside the job's JVM (the default here); submitted with
 * {@code flink run}, it is the cluster's environment and the same code runs there.
 *
 * <p>Every job gets exactly-once checkpointing at {@link JobOptions#checkpointInterval()}, the
 * parallelism and restart strategy of its {@link JobOptions}, and its name. A local MiniCluster also
 * gets its own temporary directory ({@code io.tmp.dirs}, process working directory, {@code web.tmpdir}) so that the
 * RPC jar Flink unpacks (about 21 MB) and the blob and working directories never pile up in
 * {@code /tmp}: by default a fresh directory under {@code java.io.tmpdir} (which the build sets to
 * {@code target/}), deleted when the JVM exits. On a cluster those settings are the cluster's.
 * What was chosen is logged.
 *
 * <p>Stateless; call {@link #create} once per job from the method that assembles it.
 */
public final class JobEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(JobEnvironment.class);

    private JobEnvironment() {
    }

    /** The environment to assemble the job in; see the class doc. */
    public static StreamExecutionEnvironment create(JobOptions options) {
        Configuration job = new Configuration();
        job.set(PipelineOptions.NAME, options.jobName());
        job.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
        job.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        // Under backpressure (a slow operator such as the tokenize job's hub fetches) an aligned barrier waits
        // behind every record already buffered in front of it, so a checkpoint, and with it the sinks' Kafka
        // commit, can take as long as the backlog: longer than the sinks' transaction timeout. Checkpoints
        // start aligned and turn unaligned after a second (the barrier overtakes the buffers, which are stored
        // in the checkpoint), so they complete in bounded time whatever the backlog.
        job.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        job.set(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT, java.time.Duration.ofSeconds(1));
        options.parallelism().ifPresent(p -> job.set(CoreOptions.DEFAULT_PARALLELISM, p));
        options.checkpointDir().ifPresent(dir -> {
            job.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            job.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toAbsolutePath().toUri().toString());
            // kept when the job is cancelled or its process dies: the next start restores the latest one
            job.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            job.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        });
        options.restoreFrom().ifPresent(path -> job.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toAbsolutePath().toString()));
        options.restart().ifPresent(r -> {
            job.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            job.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, r.attempts());
            job.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, r.delay());
        });

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(job);
        if (env instanceof LocalStreamEnvironment) {
            // No cluster context: Flink chose a local MiniCluster. Build it again with local-only settings.
            Path tmp = options.localTmpDir().map(JobEnvironment::existing).orElseGet(JobEnvironment::freshTmpDir);
            Configuration local = new Configuration(job);
            local.set(CoreOptions.TMP_DIRS, tmp.toString());
            local.set(ClusterOptions.PROCESS_WORKING_DIR_BASE, tmp.toString());
            local.set(WebOptions.TMP_DIR, tmp.toString());
            env = StreamExecutionEnvironment.getExecutionEnvironment(local);
            LOG.info("Flink: local MiniCluster in this JVM; {}; parallelism in use {}; temporary files in {}",
                    options.describe(), env.getParallelism(), tmp);
        } else {
            LOG.info("Flink: cluster environment ({}); {}; parallelism in use {}",
                    env.getClass().getSimpleName(), options.describe(), env.getParallelism());
        }
        return env;
    }

    private static Path existing(Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Flink's temporary directory " + dir
                    + " (" + JobOptions.ENV_TMP_DIR + ")", e);
        }
    }

    private static Path freshTmpDir() {
        try {
            Path dir = Files.createTempDirectory("hubdex-flink-").toAbsolutePath();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "hubdex-flink-tmp-cleanup"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for Flink under java.io.tmpdir="
                    + System.getProperty("java.io.tmpdir") + "; set " + JobOptions.ENV_TMP_DIR, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort at exit; the directory is under java.io.tmpdir
        }
    }
}

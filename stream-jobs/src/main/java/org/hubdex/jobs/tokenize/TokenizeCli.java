package org.hubdex.jobs.tokenize;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.hubdex.jobs.JobEnvironment;
import org.hubdex.jobs.JobOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ops/tokenize}: runs the tokenize job in a local MiniCluster in this JVM. With a checkpoint
 * directory (the default under {@code ops/}), checkpoints are kept on disk and a restart, after a crash or
 * a kill, restores the newest complete one: source offsets, the revision gate's state, models in flight.
 */
public final class TokenizeCli {
    private static final Logger LOG = LoggerFactory.getLogger(TokenizeCli.class);

    private static final String USAGE = """
            usage: ops/tokenize [options]
              --bootstrap HOST:PORT      Kafka brokers (HUBDEX_KAFKA_BOOTSTRAP, default localhost:9092)
              --hub URL                  hub to read weights from (HUBDEX_HUB_URL); HF_TOKEN is read from the environment
              --events-topic NAME        default hub.model-events
              --tokens-topic NAME        default hub.weight-tokens
              --dead-letter-topic NAME   default hub.dead-letters
              --group NAME               consumer group and transactional id prefix (HUBDEX_TOKENIZE_GROUP, default hubdex-tokenize)
              --concurrency N            models at once per parallel task (HUBDEX_TOKENIZE_CONCURRENCY, default 8)
              --parallelism N            Flink parallelism (HUBDEX_FLINK_PARALLELISM, default: the cores)
              --checkpoint-dir DIR       keep checkpoints there and resume from the newest (HUBDEX_FLINK_CHECKPOINT_DIR)
              --fresh                    ignore retained checkpoints (start from the group's committed offsets)
              --bounded                  stop at the end of the events topic as of the start (a backfill)
              --max-tokens N             token budget per model (HUBDEX_TOKENIZE_MAX_TOKENS, default 4096)
              --precision float32|float16
              --help
            Every HUBDEX_TOKENIZE_* and HUBDEX_FLINK_* variable of stream-jobs/README.md applies.""";

    private TokenizeCli() {
    }

    public static void main(String[] args) throws Exception {
        try {
            JobExecutionResult result = run(List.of(args));
            if (result != null) {
                LOG.info("Tokenize job finished after {} ms", result.getNetRuntime());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ops/tokenize: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Runs the job until it ends (bounded) or the process stops; {@code null} after {@code --help}. */
    static JobExecutionResult run(List<String> args) throws Exception {
        TokenizeSettings settings = TokenizeSettings.fromEnvironment(System.getenv());
        JobOptions.Builder options = JobOptions.builder().setJobName(TokenizeJob.NAME);
        JobOptions fromEnv = JobOptions.fromEnvironment(TokenizeJob.NAME, System.getenv());
        fromEnv.parallelism().ifPresent(options::optParallelism);
        options.optCheckpointInterval(fromEnv.checkpointInterval());
        fromEnv.restart().ifPresent(options::optRestart);
        fromEnv.localTmpDir().ifPresent(options::optLocalTmpDir);
        Optional<Path> checkpointDir = fromEnv.checkpointDir();
        boolean fresh = false;
        String events = settings.eventsTopic();
        String tokens = settings.tokensTopic();
        String deadLetters = settings.deadLetterTopic();

        Deque<String> queue = new ArrayDeque<>(args);
        while (!queue.isEmpty()) {
            String flag = queue.poll();
            switch (flag) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return null;
                }
                case "--bootstrap" -> settings = settings.withBootstrapServers(value(flag, queue));
                case "--hub" -> settings = settings.withHubEndpoint(value(flag, queue));
                case "--events-topic" -> events = value(flag, queue);
                case "--tokens-topic" -> tokens = value(flag, queue);
                case "--dead-letter-topic" -> deadLetters = value(flag, queue);
                case "--group" -> settings = settings.withGroup(value(flag, queue));
                case "--concurrency" -> settings = settings.withConcurrency(intValue(flag, queue));
                case "--parallelism" -> options.optParallelism(intValue(flag, queue));
                case "--checkpoint-dir" -> checkpointDir = Optional.of(Path.of(value(flag, queue)));
                case "--fresh" -> fresh = true;
                case "--bounded" -> settings = settings.withBounded(true);
                case "--max-tokens" -> settings = settings.withMaxTokens(intValue(flag, queue));
                case "--precision" -> settings = settings.withPrecision(TokenizeSettings.parsePrecision(value(flag, queue)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        settings = settings.withTopics(events, tokens, deadLetters);

        if (checkpointDir.isPresent()) {
            options.optCheckpointDir(checkpointDir.get());
            Optional<Path> latest = fresh ? Optional.empty() : RetainedCheckpoints.latest(checkpointDir.get());
            if (latest.isPresent()) {
                LOG.info("Restoring the tokenize job from checkpoint {}", latest.get());
                if (settings.bounded()) {
                    // Seen in TokenizeJobIT's development (Flink 2.1.3, connector 5.0.0-2.1): a bounded job restored
                    // from a checkpoint taken after its source had read to the end processed everything but never
                    // ended. The output is complete and exactly once; only the exit is missing.
                    LOG.warn("--bounded with a restored checkpoint: if the job goes idle without ending once hub.weight-tokens"
                            + " is complete, stop it (Ctrl-C); nothing is lost or duplicated");
                }
                options.optRestoreFrom(latest.get());
                int pruned = RetainedCheckpoints.pruneExcept(checkpointDir.get(), latest.get());
                if (pruned > 0) {
                    LOG.info("Removed {} older runs' checkpoint directories from {}", pruned, checkpointDir.get());
                }
            } else {
                LOG.info("No retained checkpoint in {}{}: starting from the consumer group's committed offsets",
                        checkpointDir.get(), fresh ? " considered (--fresh)" : "");
            }
        }
        StreamExecutionEnvironment env = JobEnvironment.create(options.build());
        TokenizeJob.assemble(env, settings);
        return env.execute(TokenizeJob.NAME);
    }

    private static String value(String flag, Deque<String> queue) {
        String v = queue.poll();
        if (v == null || v.startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return v;
    }

    private static int intValue(String flag, Deque<String> queue) {
        String v = value(flag, queue);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, got " + v);
        }
    }
}

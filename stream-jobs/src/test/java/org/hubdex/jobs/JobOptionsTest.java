package org.hubdex.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {

    @Test
    void defaults() {
        JobOptions o = JobOptions.fromEnvironment("hubdex-test", Map.of());
        assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.parallelism()).isEmpty();
        assertThat(o.restart()).isEmpty();
        assertThat(o.localTmpDir()).isEmpty();
    }

    @Test
    void readsEnvironment() {
        JobOptions o = JobOptions.fromEnvironment("hubdex-test", Map.of(
                JobOptions.ENV_PARALLELISM, "3", JobOptions.ENV_CHECKPOINT_INTERVAL, "500ms",
                JobOptions.ENV_RESTART_ATTEMPTS, "4", JobOptions.ENV_TMP_DIR, "/x/y"));
        assertThat(o.parallelism()).hasValue(3);
        assertThat(o.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.restart()).contains(new JobOptions.FixedDelayRestart(4, JobOptions.DEFAULT_RESTART_DELAY));
        assertThat(o.localTmpDir()).contains(Path.of("/x/y"));
    }

    @Test
    void rejectsBadValuesNamingTheVariable() {
        assertThatThrownBy(() -> JobOptions.fromEnvironment("j", Map.of(JobOptions.ENV_PARALLELISM, "many")))
                .hasMessageContaining(JobOptions.ENV_PARALLELISM);
        assertThatThrownBy(() -> JobOptions.fromEnvironment("j", Map.of(JobOptions.ENV_PARALLELISM, "0")))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> JobOptions.fromEnvironment("j", Map.of(JobOptions.ENV_CHECKPOINT_INTERVAL, "soon")))
                .hasMessageContaining(JobOptions.ENV_CHECKPOINT_INTERVAL);
        assertThatThrownBy(() -> JobOptions.fromEnvironment("j", Map.of(JobOptions.ENV_CHECKPOINT_INTERVAL, "5min")))
                .hasMessageContaining("transaction timeout");
        assertThatThrownBy(() -> JobOptions.builder().build()).hasMessageContaining("jobName");
    }

    @Test
    void plainJavaProgramGetsLocalEnvironmentWithExactlyOnceCheckpoints(@TempDir Path tmp) {
        StreamExecutionEnvironment env = JobEnvironment.create(JobOptions.builder().setJobName("hubdex-test")
                .optParallelism(2).optCheckpointInterval(Duration.ofMillis(750))
                .optRestart(new JobOptions.FixedDelayRestart(2, Duration.ofMillis(100)))
                .optLocalTmpDir(tmp.resolve("flink")).build());

        assertThat(env).isInstanceOf(org.apache.flink.streaming.api.environment.LocalStreamEnvironment.class);
        assertThat(env.getParallelism()).isEqualTo(2);
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isTrue();
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(750);
        assertThat(env.getCheckpointConfig().getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(env.getConfiguration().get(org.apache.flink.configuration.CoreOptions.TMP_DIRS))
                .isEqualTo(tmp.resolve("flink").toAbsolutePath().toString());
        assertThat(tmp.resolve("flink")).isDirectory();
    }
}

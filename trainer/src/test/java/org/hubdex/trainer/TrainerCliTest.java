package org.hubdex.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainerCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TrainerCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpAnywherePrintsTheUsageAndTheSettingsTable() {
        assertThat(run("once", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: TrainerCli once", "HUBDEX_TRAINER_GATE_METRICS");
    }

    @Test
    void badUsageIsRefusedWithExitCodeTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("train")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'train'");
        assertThat(run("once", "--zoo")).isEqualTo(2);
        assertThat(run("once", "--frobnicate", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--frobnicate");
    }
}

package org.hubdex.indexer.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IndexerCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return IndexerCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void usageAndBadArgumentsExitWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("indexer build VERSION");
        assertThat(run("--help")).isZero();
        assertThat(run("build")).isEqualTo(2);
        assertThat(run("serve")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command");
    }

    @Test
    void settingsPrintsTheTable() {
        assertThat(run("settings")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(IndexerSettings.documentationTable());
    }
}

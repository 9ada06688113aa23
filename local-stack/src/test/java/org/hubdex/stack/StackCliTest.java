package org.hubdex.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StackCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final StackCli cli = new StackCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void helpListsVerbsAndVariables() {
        assertThat(cli.run(new String[] {"--help"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("up", "status", "down", "reset", "topics [--bootstrap host:port]",
                "HUBDEX_HOME", "HUBDEX_ES_JAVA_HOME");
    }

    @Test
    void unknownVerbAndStrayArgumentsAreUsageErrors() {
        assertThat(cli.run(new String[] {"launch"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown verb 'launch'");
        assertThat(cli.run(new String[] {"up", "--now"})).isEqualTo(2);
        assertThat(cli.run(new String[] {"topics", "--bogus"})).isEqualTo(2);
        assertThat(cli.run(new String[0])).isEqualTo(2);
    }
}

package org.hubdex.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token reaches the hub in the Authorization header and nowhere else: not in toString, messages or logs (even echoed by the server). */
class TokenSecrecyTest {

    private static final String TOKEN = "hf_tokenSecrecyTest0123456789abcdef";
    private static final String LOGGER = "org.hubdex.hub";

    private FakeHub hub;
    private FakeTime time;
    private StringWriter log;
    private WriterAppender appender;

    @BeforeEach
    void setUp() {
        hub = FakeHub.start();
        time = new FakeTime();
        log = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%level %logger %msg %ex%n").build(), null, log,
                "token-capture", false, true);
        appender.start();
        LoggerConfig lc = new LoggerConfig(LOGGER, Level.DEBUG, false);
        lc.addAppender(appender, Level.DEBUG, null);
        config.addLogger(LOGGER, lc);
        ctx.updateLoggers();
    }

    @AfterEach
    void tearDown() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().removeLogger(LOGGER);
        ctx.updateLoggers();
        appender.stop();
        hub.close();
    }

    @Test
    void tokenIsSentButNeverPrintedEvenWhenTheServerEchoesIt() {
        // A hostile or buggy server that echoes the Authorization header in its errors.
        hub.on("/api/models/org/model", (ex, r) -> FakeHub.respond(ex, 500, Map.of("X-Error-Message", "bad header " + r.header("Authorization")),
                ("{\"error\":\"you sent " + r.header("Authorization") + "\"}").getBytes()));
        HubClient client = TestClients.builder(hub, time).optToken(TOKEN).optRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(2)).build();
        HubServerException e = catchThrowableOfType(HubServerException.class, () -> client.modelInfo("org/model", Optional.empty(), true));
        assertThat(hub.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(e.getMessage()).doesNotContain(TOKEN).contains("bad header Bearer hf_****");
        assertThat(e.url().orElseThrow().toString()).doesNotContain(TOKEN);
        assertThat(client.toString()).doesNotContain(TOKEN).contains("hf_****");
        assertThat(log.toString()).as("the retry was logged").contains("retry 1/1");
        assertThat(log.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aTokenWithWhitespaceIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> HubClient.builder().optToken("hf_secret\nX-Injected: 1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hf_secret");
    }

    @Test
    void endpointWithCredentialsIsRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> HubClient.builder().optEndpoint(java.net.URI.create("https://user:hf_pw@huggingface.co")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hf_pw");
    }
}

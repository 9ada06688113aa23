package org.hubdex.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.hubdex.stack.StackSettings;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    private final StackSettings settings = new StackSettings(Path.of("/srv/h"), 19092, 19093, "512m", 19200, 19300, "512m",
            Path.of("/usr/lib/jvm/x"), "hubdex", java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(60),
            java.time.Duration.ofSeconds(30));

    @Test
    void serverPropertiesDescribeOneCombinedKraftNodeOnLocalhost() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(KafkaBroker.renderServerProperties(settings, Path.of("/srv/h/kafka/data"))));
        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093");
        assertThat(p.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("localhost:19093");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/srv/h/kafka/data");
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
        for (String rf : new String[] {"offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor", "default.replication.factor"}) {
            assertThat(p.getProperty(rf)).as(rf).isEqualTo("1");
        }
        // format --standalone rejects a static voter set
        assertThat(p).doesNotContainKey("controller.quorum.voters");
    }

    @Test
    void log4jConfigWritesToTheGivenFile() {
        String xml = KafkaBroker.renderLog4j(Path.of("/srv/h/logs/kafka.log"));
        assertThat(xml).contains("fileName=\"/srv/h/logs/kafka.log\"", "filePattern=\"/srv/h/logs/kafka.log.%i\"", "%d");
    }

    @Test
    void fallbackDirectoryNameIsStablePerHome() {
        assertThat(ElasticsearchNode.shortHash(Path.of("/root/ci/repo/.hubdex")))
                .hasSize(12).isEqualTo(ElasticsearchNode.shortHash(Path.of("/root/ci/repo/./.hubdex")))
                .isNotEqualTo(ElasticsearchNode.shortHash(Path.of("/root/ci/other/.hubdex")));
    }
}

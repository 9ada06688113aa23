package org.hubdex.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension behind {@link RealKafka}: resolves {@link KafkaCluster} parameters.
 *
 * <ul>
 *   <li><b>What runs:</b> a real KRaft node (broker and controller combined, Kafka's own
 *       {@code KafkaClusterTestKit}) inside the test JVM, with replication factors of 1 and no
 *       initial rebalance delay. If the environment variable {@code HUBDEX_TEST_KAFKA_BOOTSTRAP} is
 *       set, that broker is used instead and nothing is started (e.g. the one {@code ops/stack up}
 *       runs).</li>
 *   <li><b>Ports:</b> free ports chosen by the operating system; read them from
 *       {@link KafkaCluster#bootstrapServers()}.</li>
 *   <li><b>Readiness:</b> the extension returns only after the broker has registered with the
 *       controller and accepts clients ({@code waitForReadyBrokers}); about 3 to 4 s.</li>
 *   <li><b>Shutdown:</b> once, when the test run (the JUnit root context) ends; its log directories
 *       under {@code target/} are deleted.</li>
 * </ul>
 */
public final class KafkaClusterExtension implements ParameterResolver {

    static final String BOOTSTRAP_ENV = "HUBDEX_TEST_KAFKA_BOOTSTRAP";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(RunningCluster.class, k -> RunningCluster.start(), RunningCluster.class).handle;
    }

    /** The run's broker; closed by JUnit when the root context closes. */
    static final class RunningCluster implements AutoCloseable {
        final KafkaCluster handle;
        private final Optional<KafkaClusterTestKit> kit;
        private boolean closed;

        private RunningCluster(KafkaCluster handle, Optional<KafkaClusterTestKit> kit) {
            this.handle = handle;
            this.kit = kit;
        }

        static RunningCluster start() {
            String external = System.getenv(BOOTSTRAP_ENV);
            if (external != null && !external.isBlank()) {
                LOG.info("Using the external Kafka broker at {} ({})", external, BOOTSTRAP_ENV);
                return new RunningCluster(new KafkaCluster(external), Optional.empty());
            }
            long started = System.nanoTime();
            try {
                Path base = Files.createTempDirectory("hubdex-kafka-it");
                TestKitNodes nodes = new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(base)
                        .build();
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("message.max.bytes", String.valueOf(16 * 1024 * 1024))
                        .setDeleteOnClose(true)
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                RunningCluster cluster = new RunningCluster(new KafkaCluster(kit.bootstrapServers()), Optional.of(kit));
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "hubdex-kafka-it-shutdown"));
                LOG.info("Kafka broker for tests ready at {} in {} ms", kit.bootstrapServers(),
                        (System.nanoTime() - started) / 1_000_000);
                return cluster;
            } catch (Exception e) {
                throw new ParameterResolutionException("Could not start the in-process Kafka broker for tests: " + e, e);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            kit.ifPresent(k -> {
                try {
                    k.close();
                    LOG.info("Kafka broker for tests stopped");
                } catch (Exception e) {
                    LOG.warn("Kafka broker for tests did not stop cleanly", e);
                }
            });
        }
    }
}

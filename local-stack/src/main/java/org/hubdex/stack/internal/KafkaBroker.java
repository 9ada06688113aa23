package org.hubdex.stack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.hubdex.stack.Component;
import org.hubdex.stack.ComponentFailedException;
import org.hubdex.stack.ComponentStatus;
import org.hubdex.stack.Health;
import org.hubdex.stack.StackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker: one KRaft node (broker and controller combined, node id 1) in its own JVM, started
 * as {@code java -cp <runtime classpath> kafka.Kafka <home>/kafka/server.properties} under
 * {@code setsid} so it outlives the CLI. Storage is formatted once ({@code kafka.tools.StorageTool
 * format --standalone}). Readiness: an Admin client's {@code describeCluster} succeeds. Files:
 * {@code <home>/kafka/{server.properties,log4j2.xml,data/}}, {@code <home>/logs/kafka.log} (broker
 * log), {@code <home>/logs/kafka-console.log} (JVM output), {@code <home>/run/kafka.pid}.
 */
public final class KafkaBroker implements ManagedComponent {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final StackSettings settings;
    private final StackArtifacts artifacts;
    private final Path dir;
    private final Path serverProperties;
    private final Path log4jConfig;
    private final Path dataDir;
    private final Path brokerLog;
    private final Path consoleLog;
    private final OwnedProcess process;

    public KafkaBroker(StackSettings settings, StackArtifacts artifacts) {
        this.settings = settings;
        this.artifacts = artifacts;
        this.dir = settings.home().resolve("kafka");
        this.serverProperties = dir.resolve("server.properties");
        this.log4jConfig = dir.resolve("log4j2.xml");
        this.dataDir = dir.resolve("data");
        this.brokerLog = settings.home().resolve("logs/kafka.log");
        this.consoleLog = settings.home().resolve("logs/kafka-console.log");
        this.process = new OwnedProcess(settings.home().resolve("run/kafka.pid"), List.of("kafka.Kafka", serverProperties.toString()));
    }

    @Override
    public Component component() {
        return Component.KAFKA;
    }

    @Override
    public String address() {
        return settings.kafkaBootstrap();
    }

    @Override
    public Optional<ProcessHandle> live() {
        return process.live();
    }

    @Override
    public ComponentStatus status() {
        Optional<ProcessHandle> p = live();
        if (p.isEmpty()) {
            return new ComponentStatus(component(), address(), OptionalLong.empty(), Health.STOPPED, "not running");
        }
        OptionalLong pid = OptionalLong.of(p.get().pid());
        Optional<String> problem = probe(Duration.ofSeconds(5));
        return problem.isEmpty()
                ? new ComponentStatus(component(), address(), pid, Health.HEALTHY, "KRaft broker+controller, log " + brokerLog)
                : new ComponentStatus(component(), address(), pid, Health.UNHEALTHY, problem.get());
    }

    @Override
    public void checkPorts() {
        Ports.requireFree(settings.kafkaPort(), "Kafka listener", StackSettings.Key.KAFKA_PORT.env());
        Ports.requireFree(settings.kafkaControllerPort(), "Kafka KRaft controller", StackSettings.Key.KAFKA_CONTROLLER_PORT.env());
    }

    @Override
    public void launch() {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(brokerLog.getParent());
            Files.writeString(serverProperties, renderServerProperties(settings, dataDir));
            Files.writeString(log4jConfig, renderLog4j(brokerLog));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the broker configuration under " + dir, e);
        }
        formatOnce();
        List<String> cmd = new ArrayList<>(List.of("setsid", javaBin(),
                "-Xms256m", "-Xmx" + settings.kafkaHeap(), "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig, "-Dkafka.logs.dir=" + brokerLog.getParent(),
                "-cp", artifacts.runtimeClasspath(), "kafka.Kafka", serverProperties.toString()));
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            process.write(p.pid());
            LOG.info("Started Kafka broker, pid {}", p.pid());
        } catch (IOException e) {
            throw new ComponentFailedException(component(), "could not start the broker JVM: " + e.getMessage(), e);
        }
    }

    @Override
    public void awaitReady() {
        long deadline = System.nanoTime() + settings.kafkaStartTimeout().toNanos();
        Optional<String> last = Optional.of("not started");
        while (System.nanoTime() < deadline) {
            if (!process.justStartedIsAlive()) {
                throw new ComponentFailedException(component(), "the broker JVM exited during start-up.\n"
                        + LogTail.tail(brokerLog, 30) + LogTail.tail(consoleLog, 20));
            }
            if (Ports.isListening(settings.kafkaPort(), 300)) {
                last = probe(Duration.ofSeconds(3));
                if (last.isEmpty()) {
                    return;
                }
            }
            sleep(200);
        }
        throw new ComponentFailedException(component(), "not ready after " + settings.kafkaStartTimeout().toSeconds()
                + " s (" + last.orElse("") + "); raise " + StackSettings.Key.KAFKA_START_TIMEOUT.env() + " if the machine is slow.\n"
                + LogTail.tail(brokerLog, 30));
    }

    @Override
    public void stop() {
        Optional<ProcessHandle> p = live();
        if (p.isPresent()) {
            LOG.info("Stopping Kafka broker, pid {}", p.get().pid());
            if (!OwnedProcess.terminate(p.get(), settings.stopTimeout())) {
                throw new ComponentFailedException(component(), "pid " + p.get().pid() + " did not exit after SIGTERM and SIGKILL");
            }
        }
        process.delete();
    }

    @Override
    public List<Path> ownedPaths() {
        List<Path> out = new ArrayList<>(List.of(dir, consoleLog, process.pidFile(), brokerLog));
        for (int i = 1; i <= 3; i++) {
            out.add(brokerLog.resolveSibling(brokerLog.getFileName() + "." + i));
        }
        return out;
    }

    /** The broker's {@code server.properties} for these settings. */
    public static String renderServerProperties(StackSettings s, Path logDirs) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "localhost:" + s.kafkaControllerPort());
        p.put("listeners", "PLAINTEXT://localhost:" + s.kafkaPort() + ",CONTROLLER://localhost:" + s.kafkaControllerPort());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDirs.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // hub.weight-tokens carries batches of up to 16 MB (see org.hubdex.schemas.Topic)
        p.put("message.max.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("replica.fetch.max.bytes", String.valueOf(16 * 1024 * 1024));
        StringBuilder sb = new StringBuilder("# Written by hubdex local-stack on every `up`; edits are overwritten.\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return sb.toString();
    }

    /** A Log4j 2 configuration writing the broker's log to {@code logFile} (rolled at 50 MB, 3 kept). */
    public static String renderLog4j(Path logFile) {
        String f = xml(logFile.toString());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by hubdex local-stack on every `up`. -->
                <Configuration status="WARN">
                  <Appenders>
                    <RollingFile name="file" fileName="%s" filePattern="%s.%%i">
                      <PatternLayout pattern="[%%d] %%p %%m (%%c)%%n"/>
                      <Policies><SizeBasedTriggeringPolicy size="50 MB"/></Policies>
                      <DefaultRolloverStrategy max="3"/>
                    </RollingFile>
                  </Appenders>
                  <Loggers>
                    <Logger name="state.change.logger" level="WARN"/>
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Root level="INFO"><AppenderRef ref="file"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(f, f);
    }

    private void formatOnce() {
        if (Files.isRegularFile(dataDir.resolve("meta.properties"))) {
            return;
        }
        Posix.Result uuid = Posix.run(storageTool("random-uuid"));
        String id = uuid.output().strip();
        id = id.contains("\n") ? id.substring(id.lastIndexOf('\n') + 1).strip() : id;
        if (uuid.exitCode() != 0 || id.isEmpty()) {
            throw new ComponentFailedException(component(), "kafka.tools.StorageTool random-uuid failed: " + uuid.output());
        }
        Posix.Result format = Posix.run(storageTool("format", "--standalone", "-t", id, "-c", serverProperties.toString()));
        if (format.exitCode() != 0) {
            throw new ComponentFailedException(component(), "formatting " + dataDir + " failed: " + format.output());
        }
        LOG.info("Formatted Kafka storage {} (cluster id {})", dataDir, id);
    }

    private List<String> storageTool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Dlog4j2.configurationFile=" + log4jConfig,
                "-cp", artifacts.runtimeClasspath(), "kafka.tools.StorageTool"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Empty when the broker answered {@code describeCluster} within {@code timeout}; else why not. */
    private Optional<String> probe(Duration timeout) {
        return describeCluster(settings.kafkaBootstrap(), timeout);
    }

    /** Empty when {@code bootstrap} answered {@code describeCluster} within {@code timeout}; else why not. */
    public static Optional<String> describeCluster(String bootstrap, Duration timeout) {
        int ms = (int) timeout.toMillis();
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "hubdex-stack-probe",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        try (Admin admin = Admin.create(conf)) {
            int nodes = admin.describeCluster().nodes().get(ms, TimeUnit.MILLISECONDS).size();
            return nodes > 0 ? Optional.empty() : Optional.of("no broker registered yet");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            return Optional.of("describeCluster timed out after " + ms + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (RuntimeException e) {
            return Optional.of(e.toString());
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.hubdex.stack.StackException("interrupted", e);
        }
    }
}

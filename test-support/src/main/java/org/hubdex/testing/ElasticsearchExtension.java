package org.hubdex.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hubdex.stack.Component;
import org.hubdex.stack.LocalStack;
import org.hubdex.stack.StackSettings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension behind {@link RealElasticsearch}: resolves {@link ElasticsearchHandle} parameters.
 *
 * <ul>
 *   <li><b>What runs:</b> a real single-node Elasticsearch server (the integ-test distribution that
 *       {@code ops/stack} runs), started through the same {@code local-stack} code
 *       ({@link LocalStack#start(Component...)}), once per test JVM, in its own home
 *       {@code target/hubdex-test-es/} (reset at start, so a server orphaned by a killed earlier run is
 *       stopped first). Started as root it runs as the unprivileged user {@code hubdex}, exactly like
 *       {@code ops/stack}. If the environment variable {@code HUBDEX_TEST_ES_URL} is set (e.g.
 *       {@code http://localhost:9200} from {@code ops/stack up}), that server is used instead and
 *       nothing is started or stopped.</li>
 *   <li><b>Ports:</b> HTTP and transport ports chosen free by the operating system; read them from
 *       {@link ElasticsearchHandle#httpUri()}. Only {@code HUBDEX_ES_JAVA_HOME}, {@code HUBDEX_ES_HEAP}
 *       and {@code HUBDEX_ES_USER} are taken from the environment, so a developer's
 *       {@code ops/stack} settings never collide with the test server.</li>
 *   <li><b>Readiness:</b> the first resolution blocks until {@code GET /_cluster/health
 *       ?wait_for_status=yellow} answers yellow or green (this distribution has no {@code GET /});
 *       about 10 to 20 s, once per JVM.</li>
 *   <li><b>Shutdown:</b> when the test run ends (the JUnit root context store closes its
 *       {@link AutoCloseable}), and from a JVM shutdown hook if JUnit does not get there: SIGTERM to
 *       the server (SIGKILL after 30 s), wait until its processes are gone, delete the home. No server
 *       outlives the test JVM unless the JVM is killed with SIGKILL; the next run stops that one.</li>
 * </ul>
 */
public final class ElasticsearchExtension implements ParameterResolver {

    static final String URL_ENV = "HUBDEX_TEST_ES_URL";
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ElasticsearchExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ElasticsearchHandle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(RunningServer.class, k -> RunningServer.start(), RunningServer.class).handle;
    }

    /** The run's server; closed by JUnit when the root context closes, or by the shutdown hook. */
    static final class RunningServer implements AutoCloseable {
        final ElasticsearchHandle handle;
        private final Optional<LocalStack> stack;
        private boolean closed;

        private RunningServer(ElasticsearchHandle handle, Optional<LocalStack> stack) {
            this.handle = handle;
            this.stack = stack;
        }

        static RunningServer start() {
            String external = System.getenv(URL_ENV);
            if (external != null && !external.isBlank()) {
                URI uri = URI.create(external.strip().replaceAll("/+$", ""));
                ElasticsearchHandle handle = new ElasticsearchHandle(uri, true);
                try {
                    LOG.info("Using the external Elasticsearch at {} ({}), cluster {}", uri, URL_ENV, handle.clusterStatus());
                } catch (RuntimeException e) {
                    throw new ParameterResolutionException(URL_ENV + "=" + external + " does not answer /_cluster/health: " + e.getMessage(), e);
                }
                return new RunningServer(handle, Optional.empty());
            }
            long started = System.nanoTime();
            LocalStack stack = null;
            try {
                stack = new LocalStack(testSettings());
                stack.reset();
                RunningServer server = new RunningServer(new ElasticsearchHandle(stack.elasticsearchUri(), false), Optional.of(stack));
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hubdex-es-it-shutdown"));
                stack.start(Component.ELASTICSEARCH);
                LOG.info("Elasticsearch for tests ready at {} in {} ms (home {})", stack.elasticsearchUri(),
                        (System.nanoTime() - started) / 1_000_000, stack.settings().home());
                return server;
            } catch (RuntimeException e) {
                if (stack != null) {
                    try {
                        stack.reset();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw new ParameterResolutionException("Could not start Elasticsearch for tests: " + e.getMessage(), e);
            }
        }

        private static StackSettings testSettings() {
            Map<String, String> env = new HashMap<>();
            for (StackSettings.Key k : new StackSettings.Key[] {StackSettings.Key.ES_JAVA_HOME, StackSettings.Key.ES_HEAP,
                    StackSettings.Key.ES_USER}) {
                String v = System.getenv(k.env());
                if (v != null) {
                    env.put(k.env(), v);
                }
            }
            Optional.ofNullable(System.getenv("JAVA_HOME")).ifPresent(v -> env.put("JAVA_HOME", v));
            Path target = Path.of("target");
            Path base = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
            try {
                Files.createDirectories(base);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + base, e);
            }
            return StackSettings.fromEnvironment(env, StackSettings.repositoryRoot())
                    .withHome(base.resolve("hubdex-test-es").toAbsolutePath())
                    .withFreePorts();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            stack.ifPresent(s -> {
                try {
                    s.reset();
                    LOG.info("Elasticsearch for tests stopped");
                } catch (RuntimeException e) {
                    LOG.warn("Elasticsearch for tests did not stop cleanly", e);
                }
            });
        }
    }
}

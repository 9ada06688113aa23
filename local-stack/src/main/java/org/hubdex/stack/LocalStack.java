package org.hubdex.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hubdex.schemas.Topic;
import org.hubdex.stack.internal.ElasticsearchNode;
import org.hubdex.stack.internal.KafkaBroker;
import org.hubdex.stack.internal.ManagedComponent;
import org.hubdex.stack.internal.StackArtifacts;
import org.hubdex.stack.internal.TopicCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real local stack: a Kafka KRaft broker and an Elasticsearch server, each in its own JVM, started
 * detached so they outlive the JVM that started them. All state lives under
 * {@link StackSettings#home()} (configs, data, logs, PID files), so a later {@code LocalStack} on the
 * same home, in another JVM, sees, checks and stops the same processes.
 *
 * <p>Lifecycle: {@link #up()} (idempotent: a healthy component of ours is left running), then
 * {@link #status()} any number of times, then {@link #down()} (data kept) or {@link #reset()} (data
 * wiped). Ports are checked before anything starts, so a port taken by another program fails at once
 * with a {@link PortInUseException} naming the variable to change. Not thread-safe: one caller at a
 * time per home.
 */
public final class LocalStack {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final StackSettings settings;
    private final Map<Component, ManagedComponent> components = new EnumMap<>(Component.class);

    /** A stack with these settings; nothing starts until {@link #up()} or {@link #start(Component...)}. */
    public LocalStack(StackSettings settings) {
        this.settings = settings;
        StackArtifacts artifacts = StackArtifacts.load();
        components.put(Component.KAFKA, new KafkaBroker(settings, artifacts));
        components.put(Component.ELASTICSEARCH, new ElasticsearchNode(settings, artifacts));
    }

    /** What one {@code up} did for one component. */
    public record Started(ComponentStatus status, boolean alreadyRunning) {
    }

    /** What {@code up} did: one entry per component, the topic report and how long it took. */
    public record UpReport(List<Started> components, TopicReport topics, Duration took) {
        public UpReport {
            components = List.copyOf(components);
        }
    }

    public StackSettings settings() {
        return settings;
    }

    /** {@code localhost:<port>} of the broker. */
    public String kafkaBootstrap() {
        return settings.kafkaBootstrap();
    }

    /** {@code http://localhost:<port>} of Elasticsearch. */
    public URI elasticsearchUri() {
        return settings.esUri();
    }

    /** Starts Kafka and Elasticsearch, creates the catalogue's topics and waits until both are healthy. */
    public UpReport up() {
        long t0 = System.nanoTime();
        List<Started> started = start(Component.values());
        TopicReport topics = createTopics();
        return new UpReport(started, topics, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Starts the given components (both launch at once, then each is awaited) and waits until they are
     * healthy. A component whose process of ours is alive is not started again; if it is alive but
     * unhealthy it is awaited like a fresh start.
     *
     * @throws PortInUseException before anything starts, when a needed port is taken by another program
     * @throws ComponentFailedException when a component dies or is not ready in time (with its log tail)
     */
    public List<Started> start(Component... which) {
        List<ManagedComponent> toLaunch = new ArrayList<>();
        Map<Component, Boolean> already = new EnumMap<>(Component.class);
        for (Component c : which) {
            ManagedComponent m = components.get(c);
            boolean running = m.live().isPresent();
            already.put(c, running);
            if (!running) {
                m.checkPorts();
                toLaunch.add(m);
            }
        }
        for (ManagedComponent m : toLaunch) {
            m.launch();
        }
        List<Started> out = new ArrayList<>();
        for (Component c : which) {
            ManagedComponent m = components.get(c);
            long t = System.nanoTime();
            m.awaitReady();
            if (!already.get(c)) {
                LOG.info("{} ready at {} after {} ms", c.displayName(), m.address(), (System.nanoTime() - t) / 1_000_000);
            }
            out.add(new Started(m.status(), already.get(c)));
        }
        return out;
    }

    /** Creates the catalogue's topics on this stack's broker. */
    public TopicReport createTopics() {
        return createTopics(settings.kafkaBootstrap(), Duration.ofSeconds(30));
    }

    /** Creates the catalogue's topics on any broker (e.g. docker-compose's); idempotent. */
    public static TopicReport createTopics(String bootstrap, Duration timeout) {
        return TopicCatalogue.ensure(bootstrap, Stream.of(Topic.values()).map(TopicCatalogue.Spec::of).toList(), timeout);
    }

    /**
     * Creates one topic (e.g. a test's private copy of a catalogue topic) the same way, and returns
     * once the broker serves it; an existing topic is left alone and reported if it differs.
     */
    public static TopicReport createTopic(String bootstrap, String name, int partitions, Map<String, String> configs,
            Duration timeout) {
        return TopicCatalogue.ensure(bootstrap, List.of(new TopicCatalogue.Spec(name, partitions, configs)), timeout);
    }

    /** The health of every component, checked now. */
    public List<ComponentStatus> status() {
        List<ComponentStatus> out = new ArrayList<>();
        for (ManagedComponent m : components.values()) {
            out.add(m.status());
        }
        return out;
    }

    /** The health of one component, checked now. */
    public ComponentStatus status(Component component) {
        return components.get(component).status();
    }

    /** Stops every component (Elasticsearch first); data is kept. */
    public void down() {
        stop(Component.ELASTICSEARCH, Component.KAFKA);
    }

    /** Stops the given components, in the given order; a stopped component is skipped. */
    public void stop(Component... which) {
        for (Component c : which) {
            components.get(c).stop();
        }
    }

    /**
     * {@link #down()}, then deletes everything the components keep (configs, data, logs, PID files,
     * and the {@code /var/lib/hubdex} directory if one was used), and the home itself once empty. Files
     * other tools put in the home are left alone.
     */
    public void reset() {
        down();
        List<Path> paths = new ArrayList<>();
        components.values().forEach(m -> paths.addAll(m.ownedPaths()));
        for (Path p : paths) {
            try {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    ElasticsearchNode.deleteRecursively(p);
                    LOG.info("Deleted {}", p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + p, e);
            }
        }
        for (Path dir : List.of(settings.home().resolve("logs"), settings.home().resolve("run"), settings.home())) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                LOG.info("Kept {}: it holds files that are not the stack's", dir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + dir, e);
            }
        }
    }
}

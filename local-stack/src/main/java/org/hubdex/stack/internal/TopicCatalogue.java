package org.hubdex.stack.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.hubdex.schemas.Topic;
import org.hubdex.stack.StackException;
import org.hubdex.stack.TopicReport;

/**
 * Creates the topics of {@link Topic} on a broker with their partitions and configs; the replication
 * factor is the broker's default. Idempotent: existing topics are left alone, and those whose
 * partitions or configs differ from the catalogue are reported. Stateless.
 */
public final class TopicCatalogue {

    /** A topic to create: one of the catalogue's, or a copy of one under another name (tests). */
    public record Spec(String topicName, int partitions, Map<String, String> configs) {
        public static Spec of(Topic topic) {
            return new Spec(topic.topicName(), topic.partitions(), topic.configs());
        }
    }

    private TopicCatalogue() {
    }

    public static TopicReport ensure(String bootstrap, Collection<Spec> topics, Duration timeout) {
        long ms = timeout.toMillis();
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "hubdex-stack-topics",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ms);
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        try (Admin admin = Admin.create(conf)) {
            Set<String> names = admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
            for (Spec t : topics) {
                if (names.contains(t.topicName())) {
                    existing.add(t.topicName());
                    continue;
                }
                NewTopic nt = new NewTopic(t.topicName(), Optional.of(t.partitions()), Optional.empty()).configs(t.configs());
                try {
                    admin.createTopics(List.of(nt)).all().get(ms, TimeUnit.MILLISECONDS);
                    created.add(t.topicName());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    existing.add(t.topicName());
                }
            }
            awaitVisible(admin, created, ms);
            for (Spec t : topics) {
                if (existing.contains(t.topicName())) {
                    differences.addAll(compare(admin, t, ms));
                }
            }
        } catch (ExecutionException e) {
            throw new StackException("Creating topics on " + bootstrap + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new StackException("Broker " + bootstrap + " did not answer within " + timeout.toSeconds() + " s while creating topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating topics on " + bootstrap, e);
        }
        return new TopicReport(bootstrap, created, existing, differences);
    }

    /**
     * Creation returns once the controller has accepted the topics; the broker serves them a moment
     * later. Waits until every created topic has a leader for each partition and its configs can be
     * described, so that callers of {@code up} can use them at once.
     */
    private static void awaitVisible(Admin admin, List<String> names, long ms) throws InterruptedException, TimeoutException {
        if (names.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(ms, TimeUnit.MILLISECONDS);
                boolean led = d.values().stream().allMatch(td -> td.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                admin.describeConfigs(resources).all().get(ms, TimeUnit.MILLISECONDS);
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        TimeoutException t = new TimeoutException("topics " + names + " were created but not served within " + ms + " ms");
        if (last != null) {
            t.initCause(last.getCause());
        }
        throw t;
    }

    private static List<String> compare(Admin admin, Spec t, long ms)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> out = new ArrayList<>();
        TopicDescription d = admin.describeTopics(List.of(t.topicName())).allTopicNames().get(ms, TimeUnit.MILLISECONDS)
                .get(t.topicName());
        if (d.partitions().size() != t.partitions()) {
            out.add(t.topicName() + ": " + d.partitions().size() + " partitions, catalogue says " + t.partitions());
        }
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t.topicName());
        Config c = admin.describeConfigs(List.of(r)).all().get(ms, TimeUnit.MILLISECONDS).get(r);
        t.configs().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ConfigEntry actual = c.get(e.getKey());
            String value = actual == null ? null : actual.value();
            if (!e.getValue().equals(value)) {
                out.add(t.topicName() + ": " + e.getKey() + " is " + value + ", catalogue says " + e.getValue());
            }
        });
        return out;
    }
}

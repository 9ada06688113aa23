package org.hubdex.trends.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.hubdex.trends.TrendsException;
import org.hubdex.trends.TrendsTopics;

/**
 * Fails fast when a topic the application reads or writes does not exist: Kafka Streams would otherwise wait on
 * a missing output topic's metadata and fail much later. The catalogue's topics are created by {@code ops/stack up}.
 */
public final class TopicCheck {

    private TopicCheck() {
    }

    public static void requireTopics(String bootstrap, TrendsTopics topics, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing = new ArrayList<>();
            for (String t : List.of(topics.events(), topics.trends(), topics.deadLetters())) {
                if (!existing.contains(t)) {
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                throw new TrendsException("topics missing on " + bootstrap + ": " + missing
                        + " (ops/stack up, or ops/stack topics --bootstrap " + bootstrap + ", creates the catalogue's topics)");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new TrendsException("cannot list the topics of " + bootstrap + " within " + timeout.toSeconds() + " s (is Kafka running?): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrendsException("interrupted while checking the topics of " + bootstrap, e);
        }
    }
}

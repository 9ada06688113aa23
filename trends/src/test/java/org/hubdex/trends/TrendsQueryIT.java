package org.hubdex.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.hubdex.schemas.AvroSerializer;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.testing.KafkaCluster;
import org.hubdex.testing.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive queries on the real broker with two instances sharing the work: each holds only part of the counts,
 * yet either answers the whole question (it asks the other through Kafka Streams' metadata), a one-value query is
 * routed to the instance owning the key, and bad input is a typed 400.
 */
@RealKafka
class TrendsQueryIT {

    @TempDir
    Path dir;

    @Test
    void eitherOfTwoInstancesAnswersForBothAndRoutesAKeyToItsOwner(KafkaCluster kafka) throws Exception {
        TrendsTopics topics = TrendTopics.create(kafka, "query");
        int authors = 12;
        long fineTunes = 0;
        try (KafkaProducer<String, ModelEvent> producer = new KafkaProducer<>(kafka.producerProperties(), new StringSerializer(),
                new AvroSerializer<>(ModelEvent.class))) {
            for (int i = 0; i < 120; i++) { // author a<k> uploads k+1 models in the hour starting at T0
                int k = i % authors;
                if (i / authors <= k) {
                    ModelEvent e = Events.created("a" + k + "/m" + i, "s", Events.T0.plusSeconds(i), i % 2 == 0 ? "org/root" : null);
                    producer.send(new ProducerRecord<>(topics.events(), e.getModelId(), e));
                    fineTunes += i % 2 == 0 ? 1 : 0;
                }
            }
        }
        Map<String, Long> expected = new TreeMap<>();
        for (int k = 0; k < authors; k++) {
            expected.put("a" + k, (long) Math.min(k + 1, 10));
        }
        String appId = "it-query-" + System.nanoTime();
        try (TrendsApp one = TrendsApp.start(settings(kafka, appId, "one"), topics);
                TrendsApp two = TrendsApp.start(settings(kafka, appId, "two"), topics)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> one.state() == KafkaStreams.State.RUNNING && two.state() == KafkaStreams.State.RUNNING
                            && authorTotals(one.port(), "").equals(expected) && authorTotals(two.port(), "").equals(expected));

            Map<String, Long> localOne = localAuthors(one.port());
            Map<String, Long> localTwo = localAuthors(two.port());
            assertThat(localOne).as("each instance holds part of the counts").isNotEmpty().isNotEqualTo(expected);
            assertThat(localTwo).isNotEmpty();
            assertThat(localOne.keySet()).doesNotContainAnyElementsOf(localTwo.keySet());
            Map<String, Long> union = new TreeMap<>(localOne);
            union.putAll(localTwo);
            assertThat(union).isEqualTo(expected);

            for (String author : List.of("a0", "a7", "a11")) {
                for (TrendsApp app : List.of(one, two)) {
                    JsonNode answer = Http.json(app.port(), "/api/trends?dimension=author&window=1h&value=" + author + "&from=" + Events.T0
                            + "&to=" + Events.T0);
                    assertThat(answer.get("series")).hasSize(1);
                    assertThat(answer.get("series").get(0).get("total").asLong()).isEqualTo(expected.get(author));
                }
            }
            JsonNode top = Http.json(two.port(), "/api/trends?dimension=author&window=1h&top=3&from=" + Events.T0 + "&to=" + Events.T0);
            assertThat(top.get("series")).extracting(s -> s.get("value").asText()).containsExactly("a10", "a11", "a9");
            JsonNode tree = Http.json(one.port(), "/api/trends?dimension=tree&window=1d");
            assertThat(tree.get("series").get(0).get("value").asText()).isEqualTo("org/root");
            assertThat(tree.get("series").get(0).get("total").asLong()).isEqualTo(fineTunes);

            JsonNode status = Http.json(one.port(), "/api/status");
            assertThat(status.get("instances")).hasSize(2);
            assertThat(status.get("clock").get("newest").asLong()).isEqualTo(Events.T0.plusSeconds(119).toEpochMilli());
            assertThat(status.get("state").asText()).isEqualTo("RUNNING");

            assertThat(Http.get(one.port(), "/api/trends?dimension=colour").statusCode()).isEqualTo(400);
            assertThat(Http.get(one.port(), "/api/trends?dimension=tree&window=7w").body()).contains("unknown window", "1h", "1d");
            assertThat(Http.get(two.port(), "/api/trends?dimension=tree&from=yesterday").statusCode()).isEqualTo(400);
            assertThat(Http.get(one.port(), "/metrics").body()).contains("hubdex_trends_events_new_total", "hubdex_trends_input_lag_records",
                    "hubdex_trends_alerts_total", "hubdex_trends_running 1");
            assertThat(Http.get(one.port(), "/health").statusCode()).isEqualTo(200);
        }
    }

    private static Map<String, Long> authorTotals(int port, String extra) {
        JsonNode answer = Http.json(port, "/api/trends?dimension=author&window=1h&top=100&from=" + Events.T0 + "&to=" + Events.T0 + extra);
        Map<String, Long> totals = new TreeMap<>();
        answer.get("series").forEach(s -> totals.put(s.get("value").asText(), s.get("total").asLong()));
        return totals;
    }

    private static Map<String, Long> localAuthors(int port) {
        JsonNode local = Http.json(port, "/api/trends?dimension=author&window=1h&local=true");
        Map<String, Long> totals = new TreeMap<>();
        local.fields().forEachRemaining(e -> {
            long sum = 0;
            for (JsonNode n : e.getValue()) {
                sum += n.asLong();
            }
            totals.put(e.getKey(), sum);
        });
        return totals;
    }

    private TrendsSettings settings(KafkaCluster kafka, String appId, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("HUBDEX_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("HUBDEX_TRENDS_APPLICATION_ID", appId);
        env.put("HUBDEX_TRENDS_STATE_DIR", dir.resolve(name).toString());
        env.put("HUBDEX_TRENDS_PORT", "0");
        env.put("HUBDEX_TRENDS_ROCKSDB_MB", "16");
        env.put("HUBDEX_TRENDS_SESSION_TIMEOUT", "6s");
        return TrendsSettings.fromEnvironment(env);
    }
}

package org.hubdex.trends;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.hubdex.schemas.AvroDeserializer;
import org.hubdex.schemas.AvroSerializer;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.TrendKind;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.trends.internal.StoreNames;
import org.hubdex.trends.internal.StreamsProperties;

/** The trends topology in a {@link TopologyTestDriver}, with helpers to feed events and read counts. */
final class TrendsDriver implements AutoCloseable {

    final TrendsSettings settings;
    final TrendsTopics topics = TrendsTopics.standard();
    final TrendsMetrics metrics = new TrendsMetrics();
    final TopologyTestDriver driver;
    final TestInputTopic<String, ModelEvent> events;
    final TestInputTopic<String, byte[]> rawEvents;
    final TestOutputTopic<String, TrendRecord> trends;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    TrendsDriver(Path stateDir, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("HUBDEX_TRENDS_STATE_DIR", stateDir.toString());
        settings = TrendsSettings.fromEnvironment(all);
        Properties props = StreamsProperties.of(settings, topics, 8930);
        driver = new TopologyTestDriver(TrendsTopology.build(settings, topics, metrics), props, Events.T0);
        events = driver.createInputTopic(topics.events(), new StringSerializer(), new AvroSerializer<>(ModelEvent.class));
        rawEvents = driver.createInputTopic(topics.events(), new StringSerializer(), new ByteArraySerializer());
        trends = driver.createOutputTopic(topics.trends(), new StringDeserializer(), new AvroDeserializer<>(TrendRecord.class));
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new StringDeserializer(), new AvroDeserializer<>(DeadLetter.class));
    }

    void send(ModelEvent... es) {
        for (ModelEvent e : es) {
            events.pipeInput(e.getModelId(), e);
        }
    }

    /** The count of {@code key} in the window of {@code window} starting at {@code start} (0 when absent). */
    long count(String window, String key, Instant start) {
        WindowStore<String, Long> store = driver.getWindowStore(StoreNames.counts(WindowSpec.parse(window)));
        Long n = store.fetch(key, start.toEpochMilli());
        return n == null ? 0 : n;
    }

    /** Every non-zero count of a window store: "key@start" → count. */
    Map<String, Long> allCounts(String window) {
        WindowStore<String, Long> store = driver.getWindowStore(StoreNames.counts(WindowSpec.parse(window)));
        Map<String, Long> all = new TreeMap<>();
        try (KeyValueIterator<org.apache.kafka.streams.kstream.Windowed<String>, Long> it = store.all()) {
            it.forEachRemaining(kv -> all.put(kv.key.key() + "@" + kv.key.window().startTime(), kv.value));
        }
        return all;
    }

    long undated(String key) {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(StoreNames.UNDATED);
        Long n = store.get(key);
        return n == null ? 0 : n;
    }

    /** Every record on hub.trends so far (and consumed from the topic). */
    List<TrendRecord> output() {
        List<TrendRecord> out = new ArrayList<>();
        for (KeyValue<String, TrendRecord> kv : trends.readKeyValuesToList()) {
            out.add(kv.value);
        }
        return out;
    }

    static List<TrendRecord> alerts(List<TrendRecord> records) {
        return records.stream().filter(r -> r.getKind() == TrendKind.ALERT).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}

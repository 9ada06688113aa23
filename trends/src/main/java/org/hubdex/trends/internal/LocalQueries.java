package org.hubdex.trends.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.trends.Dimension;
import org.hubdex.trends.WindowSpec;

/**
 * Reads this instance's active store partitions (never standbys, so that instances answer disjoint parts). Throws
 * Kafka Streams' {@code InvalidStateStoreException} while stores migrate in a rebalance; the HTTP API answers 503.
 */
public final class LocalQueries {

    private final KafkaStreams streams;

    public LocalQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The counts of every value of {@code dimension} in windows starting in [from, to]: value → start → count. */
    public Map<String, Map<Long, Long>> counts(Dimension dimension, WindowSpec window, long from, long to) {
        ReadOnlyWindowStore<String, Long> store = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.counts(window), QueryableStoreTypes.windowStore()));
        Map<String, Map<Long, Long>> byValue = new TreeMap<>();
        // every key of a dimension sorts between "<dimension>=" and "<dimension>>" ('>' follows '=')
        try (KeyValueIterator<Windowed<String>, Long> it = store.fetch(dimension.id() + "=", dimension.id() + ">",
                Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, Long> kv = it.next();
                if (kv.value != null && kv.value != 0) {
                    byValue.computeIfAbsent(Dimension.valuePart(kv.key.key()), v -> new TreeMap<>()).merge(kv.key.window().start(), kv.value, Long::sum);
                }
            }
        }
        return byValue;
    }

    /** The alerts raised in windows starting in [from, to], every window size. */
    public List<ApiTypes.Alert> alerts(List<WindowSpec> windows, long from, long to) {
        List<ApiTypes.Alert> alerts = new ArrayList<>();
        for (WindowSpec w : windows) {
            ReadOnlyWindowStore<String, TrendRecord> store = streams.store(
                    StoreQueryParameters.fromNameAndType(StoreNames.alerts(w), QueryableStoreTypes.windowStore()));
            try (KeyValueIterator<Windowed<String>, TrendRecord> it = store.fetchAll(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
                it.forEachRemaining(kv -> alerts.add(ApiTypes.Alert.of(kv.value)));
            }
        }
        return alerts;
    }

    /** Undated contributions of every value of {@code dimension}, if this instance holds the lineage task. */
    public Map<String, Long> undated(Dimension dimension) {
        ReadOnlyKeyValueStore<String, Long> store = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.UNDATED, QueryableStoreTypes.keyValueStore()));
        Map<String, Long> byValue = new TreeMap<>();
        try (KeyValueIterator<String, Long> it = store.range(dimension.id() + "=", dimension.id() + ">")) {
            it.forEachRemaining(kv -> byValue.put(Dimension.valuePart(kv.key), kv.value));
        }
        return byValue;
    }

    /** The event clock, if this instance holds the lineage task. */
    public ApiTypes.Clock clock() {
        ReadOnlyKeyValueStore<String, Long> store = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.CLOCK, QueryableStoreTypes.keyValueStore()));
        return new ApiTypes.Clock(store.get(EventClock.OLDEST), store.get(EventClock.NEWEST));
    }
}

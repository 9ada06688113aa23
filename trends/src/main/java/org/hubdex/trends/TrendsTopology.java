package org.hubdex.trends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.hubdex.schemas.AvroSerdes;
import org.hubdex.schemas.avro.DeadLetter;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.schemas.avro.ModelEventKind;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.trends.internal.AlertRule;
import org.hubdex.trends.internal.DeadLetters;
import org.hubdex.trends.internal.EventCheck;
import org.hubdex.trends.internal.ProfileProcessor;
import org.hubdex.trends.internal.SlimEvents;
import org.hubdex.trends.internal.StoreNames;
import org.hubdex.trends.internal.TrendCounter;

/**
 * Assembles the trends topology; {@link TrendsApp} and the tests call {@link #build}. Three sub-topologies:
 *
 * <pre>
 * hub.model-events (6 partitions, key model id)
 *   ─ check ─ invalid ─► dead letter ─► hub.dead-letters
 *           └ valid ─ drop UNAVAILABLE ─ slim ─► repartition "by-model" (1 partition)
 * by-model ─ profile [trends-models, trends-children, trends-undated, trends-clock]: dedup per (model, sha), lineage,
 *           latest card ─► ±1 per count key at event time, stamped with the event clock
 *           ─► repartition "by-dimension" (HUBDEX_TRENDS_PARTITIONS partitions, key dimension=value)
 * by-dimension ─ count [trends-counts-&lt;window&gt;, trends-alerts-&lt;window&gt;] ─► COUNT / ALERT ─► hub.trends
 * </pre>
 *
 * <p>The lineage step is one task because a model's tree depends on other models' cards. The weight-derived
 * dimensions will add a second input, {@code hub.model-embeddings}, repartitioned to one partition like
 * {@code by-model} and joined by model id in the same task (sharing {@code trends-models}): its contributions then
 * flow through the same {@code by-dimension} counting. Internal topics carry plain strings and longs (keys, ±1, the
 * clock in two headers) or the Avro {@link ModelEvent}; every processor and store is named.
 */
public final class TrendsTopology {

    private TrendsTopology() {
    }

    /** The topology for these settings and topics; processors report to {@code metrics}. */
    public static Topology build(TrendsSettings settings, TrendsTopics topics, TrendsMetrics metrics) {
        Serde<String> strings = Serdes.String();
        Serde<ModelEvent> events = AvroSerdes.serde(ModelEvent.class);
        Serde<TrendRecord> trends = AvroSerdes.serde(TrendRecord.class);
        Serde<DeadLetter> deadLetters = AvroSerdes.serde(DeadLetter.class);
        StreamsBuilder builder = new StreamsBuilder();

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.MODELS), strings, events));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CHILDREN), strings, strings));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.UNDATED), strings, Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CLOCK), strings, Serdes.Long()));
        List<String> counterStores = new ArrayList<>();
        for (WindowSpec w : settings.windows()) {
            Duration kept = settings.retention().plus(w.size());
            builder.addStateStore(Stores.windowStoreBuilder(
                    Stores.persistentWindowStore(StoreNames.counts(w), kept, w.size(), false), strings, Serdes.Long()));
            builder.addStateStore(Stores.windowStoreBuilder(
                    Stores.persistentWindowStore(StoreNames.alerts(w), kept, w.size(), false), strings, trends));
            counterStores.add(StoreNames.counts(w));
            counterStores.add(StoreNames.alerts(w));
        }

        Map<String, KStream<String, ModelEvent>> checked = builder
                .stream(topics.events(), Consumed.with(strings, events).withName("model-events"))
                .split(Named.as("check-"))
                .branch((key, event) -> EventCheck.problem(event).isPresent(), Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));

        checked.get("check-invalid")
                .processValues(() -> new DeadLetters(metrics), Named.as("dead-letter"))
                .to(topics.deadLetters(), Produced.with(strings, deadLetters).withName("dead-letters"));

        AlertRule rule = new AlertRule(settings.alertFactor(), settings.alertMinCount(), settings.baselineWindows());
        checked.get("check-valid")
                .filter((key, event) -> {
                    if (event.getKind() == ModelEventKind.UNAVAILABLE) {
                        metrics.unavailable(); // nothing to count: it was counted when it was available, or never was
                        return false;
                    }
                    return true;
                }, Named.as("drop-unavailable"))
                .selectKey((key, event) -> event.getModelId(), Named.as("key-by-model"))
                .mapValues(SlimEvents::slim, Named.as("slim"))
                .repartition(Repartitioned.<String, ModelEvent>as("by-model").withKeySerde(strings).withValueSerde(events)
                        .withNumberOfPartitions(1))
                .process(() -> new ProfileProcessor(metrics), Named.as("profile"), StoreNames.MODELS, StoreNames.CHILDREN, StoreNames.UNDATED,
                        StoreNames.CLOCK)
                .repartition(Repartitioned.<String, Long>as("by-dimension").withKeySerde(strings).withValueSerde(Serdes.Long())
                        .withNumberOfPartitions(settings.partitions()))
                .process(() -> new TrendCounter(settings.windows(), settings.grace(), settings.retention(), rule, metrics),
                        Named.as("count"), counterStores.toArray(String[]::new))
                .to(topics.trends(), Produced.with(strings, trends).withName("trends"));

        return builder.build();
    }
}

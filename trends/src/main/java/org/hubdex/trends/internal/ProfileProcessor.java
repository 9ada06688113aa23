package org.hubdex.trends.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.hubdex.schemas.avro.ModelEvent;
import org.hubdex.trends.Dimension;
import org.hubdex.trends.TrendsMetrics;

/**
 * Turns model events into signed count contributions ({@code +1}/{@code -1} on a count key, timestamped with the
 * event time). It runs as a single task (its input topic has one partition) because a model's tree depends on
 * other models' cards, which arrive in any order from any partition.
 *
 * <ul>
 *   <li><b>Once per (model, sha).</b> An event whose sha equals the model's last counted sha is a duplicate and
 *       changes nothing. The first counted sha of a model is a new model ({@code activity=new} at its creation
 *       time); a later sha is an update ({@code activity=update} at its last-modified time).</li>
 *   <li><b>Latest card wins.</b> A model contributes to the keys of its latest card (see {@link ModelProfile}),
 *       at its creation time: when an update changes them, the old keys get {@code -1} and the new ones
 *       {@code +1}, in the model's original windows.</li>
 *   <li><b>Order-independent trees.</b> When a model first turns up or its base model changes, every known
 *       descendant whose root changes moves from the old root to the new one. So a backfill that sees fine-tunes
 *       before their parents (newest first) ends with the same counts as one that sees parents first.</li>
 *   <li><b>Undated models</b> (see {@link EventTimes}) are counted in the {@link StoreNames#UNDATED} store
 *       instead of being forwarded to windows.</li>
 * </ul>
 *
 * <p>It also keeps the {@link EventClock} and stamps it on every contribution.
 *
 * <p>Stores: {@link StoreNames#MODELS}, {@link StoreNames#CHILDREN}, {@link StoreNames#UNDATED},
 * {@link StoreNames#CLOCK}. A new instance
 * per task; not thread-safe (Kafka Streams calls it from one thread).
 */
public final class ProfileProcessor implements Processor<String, ModelEvent, String, Long> {

    private static final char EDGE = '\u0000';
    private static final StringSerializer KEYS = new StringSerializer();

    private final TrendsMetrics metrics;
    private ProcessorContext<String, Long> context;
    private KeyValueStore<String, ModelEvent> models;
    private KeyValueStore<String, String> children;
    private KeyValueStore<String, Long> undated;
    private KeyValueStore<String, Long> clockStore;
    private EventClock clock;

    public ProfileProcessor(TrendsMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Long> context) {
        this.context = context;
        this.models = context.getStateStore(StoreNames.MODELS);
        this.children = context.getStateStore(StoreNames.CHILDREN);
        this.undated = context.getStateStore(StoreNames.UNDATED);
        this.clockStore = context.getStateStore(StoreNames.CLOCK);
    }

    @Override
    public void process(Record<String, ModelEvent> record) {
        ModelEvent event = record.value();
        String id = event.getModelId();
        ModelEvent old = models.get(id);
        if (old != null && Objects.equals(old.getSha(), event.getSha())) {
            metrics.duplicate();
            return;
        }
        metrics.eventAge(context.currentSystemTimeMs() - event.getObservedAt().toEpochMilli());
        ModelEvent latest = SlimEvents.slim(event);
        if (old != null && old.getCreatedAt() != null) {
            latest.setCreatedAt(old.getCreatedAt()); // the creation time is the first one seen; a later event cannot move it
        }
        Function<String, ModelEvent> before = m -> m.equals(id) ? old : models.get(m);
        Function<String, ModelEvent> after = m -> m.equals(id) ? latest : models.get(m);
        Optional<Instant> created = EventTimes.creation(latest);
        Optional<Instant> happened = old == null ? created : EventTimes.modification(latest);
        clock = happened.map(t -> EventClock.advance(clockStore, t.toEpochMilli()))
                .or(() -> EventClock.read(clockStore)).orElse(null);

        Set<String> oldKeys = old == null ? Set.of() : ModelProfile.keys(old, Lineage.parentOf(old).map(p -> Lineage.root(id, before)));
        Set<String> newKeys = ModelProfile.keys(latest, Lineage.parentOf(latest).map(p -> Lineage.root(id, after)));
        for (String key : oldKeys) {
            if (!newKeys.contains(key)) {
                contribute(key, -1, created);
            }
        }
        for (String key : newKeys) {
            if (!oldKeys.contains(key)) {
                contribute(key, +1, created);
            }
        }
        if (old == null) {
            contribute(Dimension.ACTIVITY.key("new"), +1, created);
            metrics.newModel();
        } else {
            contribute(Dimension.ACTIVITY.key("update"), +1, happened);
            metrics.update();
        }

        Optional<String> oldParent = Lineage.parentOf(old);
        Optional<String> newParent = Lineage.parentOf(latest);
        if (old == null || !oldParent.equals(newParent)) {
            moveDescendants(id, before, after);
            oldParent.ifPresent(p -> children.delete(p + EDGE + id));
            newParent.ifPresent(p -> children.put(p + EDGE + id, id));
        }
        models.put(id, latest);
    }

    /** Moves each known descendant of {@code id} whose root differs between the two views of the lineage. */
    private void moveDescendants(String id, Function<String, ModelEvent> before, Function<String, ModelEvent> after) {
        Set<String> seen = new HashSet<>();
        seen.add(id);
        Deque<String> queue = new ArrayDeque<>(childrenOf(id));
        while (!queue.isEmpty()) {
            String d = queue.poll();
            if (!seen.add(d)) {
                continue;
            }
            ModelEvent state = models.get(d);
            if (state != null) {
                String oldRoot = Lineage.root(d, before);
                String newRoot = Lineage.root(d, after);
                if (!oldRoot.equals(newRoot)) {
                    Optional<Instant> created = EventTimes.creation(state);
                    contribute(Dimension.TREE.key(oldRoot), -1, created);
                    contribute(Dimension.TREE.key(newRoot), +1, created);
                    metrics.lineageMove();
                }
            }
            queue.addAll(childrenOf(d));
        }
    }

    private List<String> childrenOf(String parent) {
        List<String> result = new ArrayList<>();
        try (KeyValueIterator<String, String> it = children.prefixScan(parent + EDGE, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                result.add(kv.value);
            }
        }
        return result;
    }

    private void contribute(String key, int delta, Optional<Instant> at) {
        if (at.isPresent()) {
            Record<String, Long> out = new Record<>(key, (long) delta, at.get().toEpochMilli());
            (clock != null ? clock : new EventClock(out.timestamp(), out.timestamp())).stamp(out.headers());
            context.forward(out);
            metrics.contribution();
        } else {
            Long current = undated.get(key);
            long next = (current == null ? 0 : current) + delta;
            if (next == 0) {
                undated.delete(key);
            } else {
                undated.put(key, next);
            }
            metrics.undated();
        }
    }
}

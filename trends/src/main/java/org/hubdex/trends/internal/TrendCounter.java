package org.hubdex.trends.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.trends.TrendsMetrics;
import org.hubdex.trends.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windowed counts and alerts. Each contribution ({@code +1}/{@code -1} on a count key, timestamped with its event
 * time) is added to every window of every {@link WindowSpec} that contains its time, and the new count is forwarded
 * as a {@code COUNT} record (a later record of the same key and window replaces an earlier one).
 *
 * <p><b>Event-time clock.</b> Each contribution carries the application's {@link EventClock} (the newest and oldest
 * event time the lineage task has seen). A window is <i>live</i> until the clock passes its end plus
 * the grace period; a contribution to a window that is no longer live is still placed (a backfill, which walks the
 * hub newest first, places every model in its own window) but counted as late and never alerts. A contribution
 * to a window that ended more than the retention before the clock is not placed (counted as expired).
 *
 * <p><b>Alerts.</b> When a positive contribution lifts a live window's count to a surge by the {@link AlertRule}
 * (the baseline is the mean of the previous windows of the same size), an {@code ALERT} record with its evidence is
 * stored in the window's alert store and forwarded, once per key and window. No alert is raised until the clock's
 * oldest event falls in or before the oldest baseline window: without that much history there is no baseline.
 *
 * <p>A new instance per task; not thread-safe (Kafka Streams calls it from one thread).
 */
public final class TrendCounter implements Processor<String, Long, String, TrendRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(TrendCounter.class);

    private final List<WindowSpec> windows;
    private final long graceMs;
    private final long retentionMs;
    private final AlertRule rule;
    private final TrendsMetrics metrics;
    private final List<WindowStore<String, Long>> counts = new ArrayList<>();
    private final List<WindowStore<String, TrendRecord>> alerts = new ArrayList<>();
    private ProcessorContext<String, TrendRecord> context;

    public TrendCounter(List<WindowSpec> windows, Duration grace, Duration retention, AlertRule rule, TrendsMetrics metrics) {
        this.windows = List.copyOf(windows);
        this.graceMs = grace.toMillis();
        this.retentionMs = retention.toMillis();
        this.rule = rule;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, TrendRecord> context) {
        this.context = context;
        for (WindowSpec w : windows) {
            counts.add(context.getStateStore(StoreNames.counts(w)));
            alerts.add(context.getStateStore(StoreNames.alerts(w)));
        }
    }

    @Override
    public void process(Record<String, Long> record) {
        String key = record.key();
        long delta = record.value();
        long time = record.timestamp();
        EventClock clock = EventClock.from(record.headers(), time);
        long newest = Math.max(clock.newest(), time);
        long oldest = Math.min(clock.oldest(), time);
        long now = context.currentSystemTimeMs();
        boolean late = false;
        for (int i = 0; i < windows.size(); i++) {
            WindowSpec spec = windows.get(i);
            long size = spec.size().toMillis();
            for (long start : spec.startsContaining(time)) {
                if (start + size <= newest - retentionMs) {
                    metrics.expired();
                    continue;
                }
                WindowStore<String, Long> store = counts.get(i);
                Long current = store.fetch(key, start);
                long count = (current == null ? 0 : current) + delta;
                if (count < 0) {
                    // a retraction for a contribution this window never got; cannot happen unless stores were lost
                    LOG.warn("count of {} in the {} window at {} would go negative ({}); kept at 0", key, spec, start, count);
                    count = 0;
                }
                store.put(key, count == 0 ? null : count, start);
                metrics.countUpdate();
                context.forward(new Record<>(key, TrendRecords.count(key, spec, start, count, now), now));
                boolean live = start + size + graceMs > newest;
                late |= !live;
                if (live && delta > 0) {
                    maybeAlert(i, spec, key, start, count, oldest, now);
                }
            }
        }
        if (late) {
            metrics.late();
        }
    }

    private void maybeAlert(int index, WindowSpec spec, String key, long start, long count, long oldest, long now) {
        if (count < rule.minCount()) {
            return;
        }
        long size = spec.size().toMillis();
        long firstBaselineStart = start - rule.baselineWindows() * size;
        if (oldest >= firstBaselineStart + size) {
            return; // no history as old as the oldest baseline window: no baseline to compare with
        }
        WindowStore<String, TrendRecord> alertStore = alerts.get(index);
        if (alertStore.fetch(key, start) != null) {
            return;
        }
        long baselineSum = 0;
        try (WindowStoreIterator<Long> it = counts.get(index).fetch(key, firstBaselineStart, start - size)) {
            while (it.hasNext()) {
                KeyValue<Long, Long> kv = it.next();
                if (Math.floorMod(start - kv.key, size) == 0) { // hopping windows: only the non-overlapping predecessors
                    baselineSum += kv.value;
                }
            }
        }
        Optional<AlertRule.Verdict> verdict = rule.evaluate(count, baselineSum);
        if (verdict.isPresent()) {
            TrendRecord alert = TrendRecords.alert(key, spec, start, rule, verdict.get(), now);
            alertStore.put(key, alert, start);
            metrics.alert();
            LOG.info("alert: {} counted {} in the {} window starting {} (baseline {} over {} windows)", key, count, spec,
                    alert.getWindowStart(), String.format("%.2f", verdict.get().baseline()), rule.baselineWindows());
            context.forward(new Record<>(key, alert, now));
        }
    }
}

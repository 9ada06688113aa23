package org.hubdex.trends;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the trends application has done, for {@code GET /metrics} (Prometheus text): events by outcome, count
 * updates, late and expired placements, alerts, lineage moves; plus gauges the running application supplies
 * (its Kafka Streams state, the consumer lag on the events topic). Counters only grow; after a crash the events of
 * the aborted transaction are processed again, so counters may count them twice while the outputs do not.
 * Thread-safe: written by stream threads, read by the HTTP server.
 */
public final class TrendsMetrics {

    private final AtomicLong newModels = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong undated = new AtomicLong();
    private final AtomicLong lineageMoves = new AtomicLong();
    private final AtomicLong contributions = new AtomicLong();
    private final AtomicLong countUpdates = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong lastEventAgeMs = new AtomicLong();
    private volatile Supplier<Map<String, Double>> gauges = Map::of;

    public void newModel() {
        newModels.incrementAndGet();
    }

    public void update() {
        updates.incrementAndGet();
    }

    public void duplicate() {
        duplicates.incrementAndGet();
    }

    public void unavailable() {
        unavailable.incrementAndGet();
    }

    public void invalid() {
        invalid.incrementAndGet();
    }

    /** A contribution counted in the undated (pre-2022 or unknown creation time) totals. */
    public void undated() {
        undated.incrementAndGet();
    }

    /** A model moved from one tree to another because an ancestor turned up or changed its card. */
    public void lineageMove() {
        lineageMoves.incrementAndGet();
    }

    /** A dated ±1 forwarded from the lineage task to the counting tasks. */
    public void contribution() {
        contributions.incrementAndGet();
    }

    public void countUpdate() {
        countUpdates.incrementAndGet();
    }

    /** A contribution placed in a window that had closed (past its grace): history, never alerting. */
    public void late() {
        late.incrementAndGet();
    }

    /** A contribution older than the retention: not placed in any window. */
    public void expired() {
        expired.incrementAndGet();
    }

    public void alert() {
        alerts.incrementAndGet();
    }

    /** How long after the crawler observed it the last event was processed. */
    public void eventAge(long millis) {
        lastEventAgeMs.set(Math.max(0, millis));
    }

    /** Gauges of the running application (state, lag), by Prometheus name. */
    public void gauges(Supplier<Map<String, Double>> supplier) {
        this.gauges = supplier;
    }

    public long newModels() {
        return newModels.get();
    }

    public long updates() {
        return updates.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long contributions() {
        return contributions.get();
    }

    public long countUpdates() {
        return countUpdates.get();
    }

    public long alertCount() {
        return alerts.get();
    }

    public long lateCount() {
        return late.get();
    }

    public long expiredCount() {
        return expired.get();
    }

    /** Every counter and gauge by Prometheus name. */
    public Map<String, Number> snapshot() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("hubdex_trends_events_new_total", newModels.get());
        m.put("hubdex_trends_events_update_total", updates.get());
        m.put("hubdex_trends_events_duplicate_total", duplicates.get());
        m.put("hubdex_trends_events_unavailable_total", unavailable.get());
        m.put("hubdex_trends_events_invalid_total", invalid.get());
        m.put("hubdex_trends_events_processed_total", newModels.get() + updates.get() + duplicates.get() + unavailable.get() + invalid.get());
        m.put("hubdex_trends_undated_contributions_total", undated.get());
        m.put("hubdex_trends_lineage_moves_total", lineageMoves.get());
        m.put("hubdex_trends_contributions_total", contributions.get());
        m.put("hubdex_trends_count_updates_total", countUpdates.get());
        m.put("hubdex_trends_late_total", late.get());
        m.put("hubdex_trends_expired_total", expired.get());
        m.put("hubdex_trends_alerts_total", alerts.get());
        m.put("hubdex_trends_last_event_age_ms", lastEventAgeMs.get());
        m.putAll(gauges.get());
        return m;
    }

    /** The Prometheus text exposition of {@link #snapshot()}. */
    public String prometheusText() {
        StringBuilder sb = new StringBuilder();
        snapshot().forEach((name, value) -> {
            sb.append("# TYPE ").append(name).append(name.endsWith("_total") ? " counter\n" : " gauge\n");
            sb.append(name).append(' ');
            if (value instanceof Double d) {
                sb.append(d.isNaN() ? "NaN" : (d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d.longValue()) : String.valueOf(d)));
            } else {
                sb.append(value);
            }
            sb.append('\n');
        });
        return sb.toString();
    }
}

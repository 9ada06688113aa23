package org.hubdex.crawler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the crawler has done, for the progress log and the Prometheus endpoint: models seen in
 * listings, events emitted (by kind), models skipped (sha already emitted), dead letters, failed
 * pages, pages committed, and the hub requests used in the current rate-limit window. Counters only
 * grow; thread-safe (written by the crawl loop, read by the metrics endpoint).
 */
public final class CrawlerMetrics {

    private final AtomicLong modelsSeen = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong updated = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong pageFailures = new AtomicLong();
    private final AtomicLong passesCompleted = new AtomicLong();
    private volatile long lastCommitEpochMillis;
    private volatile Supplier<Map<String, Long>> requestGauges = Map::of;

    void seen(long n) {
        modelsSeen.addAndGet(n);
    }

    void emitted(long createdCount, long updatedCount, long unavailableCount) {
        created.addAndGet(createdCount);
        updated.addAndGet(updatedCount);
        unavailable.addAndGet(unavailableCount);
    }

    void skipped(long n) {
        skipped.addAndGet(n);
    }

    void deadLettered(long n) {
        deadLetters.addAndGet(n);
    }

    void pageCommitted(long epochMillis) {
        pages.incrementAndGet();
        lastCommitEpochMillis = epochMillis;
    }

    void pageFailed() {
        pageFailures.incrementAndGet();
    }

    void passCompleted() {
        passesCompleted.incrementAndGet();
    }

    /** Supplies gauges of the hub client's request budget (e.g. requests used per bucket in the window). */
    void requestGauges(Supplier<Map<String, Long>> gauges) {
        this.requestGauges = gauges;
    }

    public long modelsSeen() {
        return modelsSeen.get();
    }

    public long emitted() {
        return created.get() + updated.get() + unavailable.get();
    }

    public long skipped() {
        return skipped.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    public long pagesCommitted() {
        return pages.get();
    }

    public long pageFailures() {
        return pageFailures.get();
    }

    /** Counters and gauges by Prometheus metric name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("hubdex_crawler_models_seen_total", modelsSeen.get());
        m.put("hubdex_crawler_events_created_total", created.get());
        m.put("hubdex_crawler_events_updated_total", updated.get());
        m.put("hubdex_crawler_events_unavailable_total", unavailable.get());
        m.put("hubdex_crawler_models_skipped_total", skipped.get());
        m.put("hubdex_crawler_dead_letters_total", deadLetters.get());
        m.put("hubdex_crawler_pages_committed_total", pages.get());
        m.put("hubdex_crawler_page_failures_total", pageFailures.get());
        m.put("hubdex_crawler_passes_completed_total", passesCompleted.get());
        m.put("hubdex_crawler_last_commit_timestamp_seconds", lastCommitEpochMillis / 1000);
        requestGauges.get().forEach((k, v) -> m.put("hubdex_crawler_hub_" + k, v));
        return m;
    }

    /** The Prometheus text exposition of {@link #snapshot()}. */
    public String prometheusText() {
        StringBuilder sb = new StringBuilder();
        snapshot().forEach((name, value) -> {
            sb.append("# TYPE ").append(name).append(name.endsWith("_total") ? " counter\n" : " gauge\n");
            sb.append(name).append(' ').append(value).append('\n');
        });
        return sb.toString();
    }

    /** One line for the progress log. */
    public String summary() {
        return "seen " + modelsSeen.get() + ", emitted " + emitted() + " (created " + created.get() + ", updated " + updated.get()
                + ", unavailable " + unavailable.get() + "), skipped " + skipped.get() + ", dead letters " + deadLetters.get()
                + ", pages " + pages.get() + ", failed pages " + pageFailures.get();
    }
}

package org.hubdex.zoo.internal;

import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress lines with an ETA. Work is counted in estimated cost units ({@link CommitJob#estimatedCost}), not in
 * commits, because a base model costs a hundred fine-tunes; the ETA scales the elapsed time by the cost still to
 * do over the cost done. Thread-safe.
 */
final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final int totalCommits;
    private final double totalCost;
    private final Duration interval;
    private final long start = System.nanoTime();
    private int doneCommits;
    private int running;
    private double doneCost;
    private long lastLog = System.nanoTime();

    Progress(int totalCommits, double totalCost, Duration interval) {
        this.totalCommits = totalCommits;
        this.totalCost = totalCost;
        this.interval = interval;
    }

    synchronized void started() {
        running++;
    }

    synchronized void done(double cost) {
        running--;
        doneCommits++;
        doneCost += cost;
    }

    /** Logs a progress line if the interval has passed since the last one. */
    synchronized void tick() {
        long now = System.nanoTime();
        if (now - lastLog < interval.toNanos()) {
            return;
        }
        lastLog = now;
        LOG.info("zoo: {}/{} commits ({}% of the work), {} training, elapsed {}, ETA {}", doneCommits, totalCommits,
                Math.round(100 * doneCost / Math.max(totalCost, 1)), running, format(elapsedSeconds()), eta());
    }

    synchronized double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    private String eta() {
        if (doneCost <= 0) {
            return "unknown";
        }
        return format(elapsedSeconds() * (totalCost - doneCost) / doneCost);
    }

    static String format(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}

package org.hubdex.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress lines and loss curves of one training run: logged as they come (with ETA, throttled to one
 * line per few seconds per part) and kept for the run's report.
 *
 * <p>Thread-safe.
 */
public final class TrainingLog {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLog.class);
    private static final long QUIET_NANOS = 5_000_000_000L;

    private final List<String> curves = new ArrayList<>();
    private long lastLine;

    /** A progress line, logged when the last one is a few seconds old or {@code force} is set. */
    public synchronized void progress(boolean force, String format, Object... args) {
        long now = System.nanoTime();
        if (force || now - lastLine > QUIET_NANOS) {
            lastLine = now;
            LOG.info(String.format(Locale.ROOT, format, args));
        }
    }

    /** A point of a loss curve: kept for the report and logged. */
    public synchronized void curvePoint(String part, String format, Object... args) {
        String line = part + ": " + String.format(Locale.ROOT, format, args);
        curves.add(line);
        LOG.info(line);
    }

    /** Every curve point so far, in order. */
    public synchronized List<String> curves() {
        return List.copyOf(curves);
    }
}

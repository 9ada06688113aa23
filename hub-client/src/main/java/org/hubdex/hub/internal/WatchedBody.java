package org.hubdex.hub.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A response body that counts the bytes it delivers and is closed by a watchdog when no byte arrives
 * for the idle timeout. {@link java.net.http.HttpRequest#timeout} only covers the wait for the
 * response headers; without this a server that stalls mid-body would block the reading thread
 * forever. Closing the JDK's body stream from another thread makes the blocked read fail at once.
 *
 * <p>One reader thread; the watchdog runs on a shared daemon thread.
 */
public final class WatchedBody extends InputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hubdex-hub-body-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final InputStream in;
    private final long idleNanos;
    private final LongAdder counter;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;
    private volatile boolean closed;
    private long delivered;
    private ScheduledFuture<?> check;

    public WatchedBody(InputStream in, Duration idleTimeout, LongAdder counter) {
        this.in = in;
        this.idleNanos = idleTimeout.toNanos();
        this.counter = counter;
        schedule(idleNanos);
    }

    private synchronized void schedule(long delayNanos) {
        if (!closed) {
            check = WATCHDOG.schedule(this::checkIdle, Math.max(delayNanos, 1_000_000), TimeUnit.NANOSECONDS);
        }
    }

    private void checkIdle() {
        long idle = System.nanoTime() - lastProgress;
        if (closed) {
            return;
        }
        if (idle >= idleNanos) {
            stalled = true;
            closeQuietly();
        } else {
            schedule(idleNanos - idle);
        }
    }

    /** Whether the watchdog closed the body because it stalled. */
    public boolean stalled() {
        return stalled;
    }

    /** Bytes delivered to the reader so far. */
    public long delivered() {
        return delivered;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        try {
            int n = in.read(buf, off, len);
            progress(Math.max(n, 0));
            return n;
        } catch (IOException e) {
            if (stalled) {
                throw new BodyStalledException("no data for " + Duration.ofNanos(idleNanos).toMillis() + " ms after " + delivered + " bytes");
            }
            throw e;
        }
    }

    private void progress(int n) {
        if (n > 0) {
            delivered += n;
            counter.add(n);
        }
        lastProgress = System.nanoTime();
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            if (check != null) {
                check.cancel(false);
            }
        }
        in.close();
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the failure; nothing more to do here
        }
    }

    /** The body stalled longer than the idle timeout. */
    public static final class BodyStalledException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyStalledException(String message) {
            super(message);
        }
    }
}

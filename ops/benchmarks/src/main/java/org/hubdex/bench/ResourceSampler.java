package org.hubdex.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the JVM's used heap ({@link MemoryMXBean}) and the process's resident memory ({@code /proc/self/statm},
 * where the OS has it) on a daemon thread, so that the peak of any stretch of a long run can be read afterwards.
 * The stretches of a training run are only known when it returns (its stage durations), which is why this keeps
 * every sample instead of resetting a peak per part. Resident memory matters here because PyTorch's tensors live
 * outside the heap. A peak between two samples can be missed; the interval bounds how short such a spike is.
 *
 * <p>Thread-safe.
 */
final class ResourceSampler implements AutoCloseable {

    /** The highest used heap and resident memory seen in a stretch, in bytes (-1 when unknown). */
    record Peak(long heapBytes, long rssBytes) {
        String heapMiB() {
            return heapBytes < 0 ? "n/a" : String.valueOf(heapBytes >> 20);
        }

        String rssMiB() {
            return rssBytes < 0 ? "n/a" : String.valueOf(rssBytes >> 20);
        }
    }

    private record Sample(long nanos, long heap, long rss) {
    }

    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE = 4096;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private ResourceSampler(long intervalMillis) {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-resource-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling every {@code intervalMillis}. */
    static ResourceSampler start(long intervalMillis) {
        ResourceSampler sampler = new ResourceSampler(intervalMillis);
        sampler.sample();
        sampler.thread.start();
        return sampler;
    }

    /** The sampler's clock (also takes a sample, so short stretches have at least their ends). */
    long now() {
        sample();
        return System.nanoTime();
    }

    /** The peak of the samples taken in {@code [from, to]} (nanoTime values). */
    synchronized Peak peakBetween(long from, long to) {
        long heap = -1;
        long rss = -1;
        for (Sample s : samples) {
            if (s.nanos() >= from && s.nanos() <= to) {
                heap = Math.max(heap, s.heap());
                rss = Math.max(rss, s.rss());
            }
        }
        return new Peak(heap, rss);
    }

    private void sample() {
        long heap = memory.getHeapMemoryUsage().getUsed();
        long rss = rss();
        synchronized (this) {
            samples.add(new Sample(System.nanoTime(), heap, rss));
        }
    }

    private static long rss() {
        try {
            String[] fields = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(fields[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}

package org.hubdex.localhub.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.hubdex.localhub.HubStats;
import org.hubdex.localhub.RequestRecord;

/**
 * The last requests (a bounded ring) and counters by endpoint, status and fault. Thread-safe.
 */
public final class RequestLog {

    private final int capacity;
    private final Deque<RequestRecord> ring;
    private final Map<String, Map<Integer, LongAdder>> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    public RequestLog(int capacity) {
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public void add(RequestRecord r) {
        requests.increment();
        bytes.add(r.bytesSent());
        byEndpoint.computeIfAbsent(r.endpoint().wireName(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(r.status(), k -> new LongAdder()).increment();
        r.fault().ifPresent(f -> {
            for (String name : f.split("\\+")) {
                faults.computeIfAbsent(name, k -> new LongAdder()).increment();
            }
        });
        synchronized (ring) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(r);
        }
    }

    /** The kept records, oldest first. */
    public List<RequestRecord> records() {
        synchronized (ring) {
            return List.copyOf(new ArrayList<>(ring));
        }
    }

    public HubStats stats(int models) {
        Map<String, Map<Integer, Long>> e = new TreeMap<>();
        byEndpoint.forEach((endpoint, statuses) -> {
            Map<Integer, Long> m = new TreeMap<>();
            statuses.forEach((status, n) -> m.put(status, n.sum()));
            e.put(endpoint, Map.copyOf(m));
        });
        Map<String, Long> f = new TreeMap<>();
        faults.forEach((name, n) -> f.put(name, n.sum()));
        return new HubStats(requests.sum(), e, f, bytes.sum(), models);
    }

    public void reset() {
        synchronized (ring) {
            ring.clear();
        }
        byEndpoint.clear();
        faults.clear();
        requests.reset();
        bytes.reset();
    }
}

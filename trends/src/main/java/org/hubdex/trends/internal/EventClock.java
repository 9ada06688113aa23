package org.hubdex.trends.internal;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The application's event-time clock: the oldest and the newest event time of the models counted so far. It is
 * kept by the single lineage task, which sees every event, in {@link StoreNames#CLOCK} (so a restart resumes it),
 * and stamped on every contribution it forwards as two headers, so that every counting task judges live, late and
 * expired windows and the available history by the same clock, whichever keys its partition holds.
 *
 * @param oldest the oldest event time seen (epoch ms)
 * @param newest the newest event time seen (epoch ms)
 */
public record EventClock(long oldest, long newest) {

    static final String OLDEST_HEADER = "hubdex.clock.oldest";
    static final String NEWEST_HEADER = "hubdex.clock.newest";
    static final String OLDEST = "oldest";
    static final String NEWEST = "newest";

    /** The clock in {@code store}, if any event was seen. */
    static Optional<EventClock> read(KeyValueStore<String, Long> store) {
        Long oldest = store.get(OLDEST);
        Long newest = store.get(NEWEST);
        return oldest == null || newest == null ? Optional.empty() : Optional.of(new EventClock(oldest, newest));
    }

    /** The clock after an event at {@code time}, written back to {@code store} when it moved. */
    static EventClock advance(KeyValueStore<String, Long> store, long time) {
        EventClock current = read(store).orElse(new EventClock(time, time));
        EventClock next = new EventClock(Math.min(current.oldest, time), Math.max(current.newest, time));
        if (store.get(OLDEST) == null || next.oldest != current.oldest) {
            store.put(OLDEST, next.oldest);
        }
        if (store.get(NEWEST) == null || next.newest != current.newest) {
            store.put(NEWEST, next.newest);
        }
        return next;
    }

    /** Writes the clock into a record's headers. */
    void stamp(Headers headers) {
        headers.remove(OLDEST_HEADER).remove(NEWEST_HEADER);
        headers.add(OLDEST_HEADER, ByteBuffer.allocate(8).putLong(oldest).array());
        headers.add(NEWEST_HEADER, ByteBuffer.allocate(8).putLong(newest).array());
    }

    /** The clock a record was stamped with, or a clock at {@code fallback} when it carries none. */
    static EventClock from(Headers headers, long fallback) {
        Header o = headers.lastHeader(OLDEST_HEADER);
        Header n = headers.lastHeader(NEWEST_HEADER);
        if (o == null || n == null || o.value().length != 8 || n.value().length != 8) {
            return new EventClock(fallback, fallback);
        }
        return new EventClock(ByteBuffer.wrap(o.value()).getLong(), ByteBuffer.wrap(n.value()).getLong());
    }
}

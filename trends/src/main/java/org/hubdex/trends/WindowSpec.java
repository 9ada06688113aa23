package org.hubdex.trends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One window definition the trends application counts in: tumbling ({@code advance == size}) or hopping
 * ({@code advance < size}, each instant falls into {@code size / advance} windows). Windows are aligned to the
 * epoch: a window starts at a multiple of {@code advance}. Written {@code 1h} (tumbling) or {@code 1d/1h}
 * (a day long, starting every hour) in {@code HUBDEX_TRENDS_WINDOWS}; {@link #name()} is the form used in
 * store names and in the HTTP API's {@code window=} parameter.
 *
 * @param size window length
 * @param advance distance between two window starts; divides {@code size}
 */
public record WindowSpec(Duration size, Duration advance) {

    public WindowSpec {
        if (size == null || advance == null || size.toMillis() <= 0 || advance.toMillis() <= 0) {
            throw new InvalidTrendsSettingException("a window needs a positive size and advance, got " + size + "/" + advance);
        }
        if (advance.compareTo(size) > 0 || size.toMillis() % advance.toMillis() != 0) {
            throw new InvalidTrendsSettingException("a window's advance must divide its size (e.g. 1d/1h), got "
                    + DurationText.format(size) + "/" + DurationText.format(advance));
        }
    }

    /** A tumbling window of that size. */
    public static WindowSpec tumbling(Duration size) {
        return new WindowSpec(size, size);
    }

    /** Parses {@code 1h} or {@code 1d/1h}. */
    public static WindowSpec parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            return tumbling(DurationText.parse("HUBDEX_TRENDS_WINDOWS", t));
        }
        return new WindowSpec(DurationText.parse("HUBDEX_TRENDS_WINDOWS", t.substring(0, slash)),
                DurationText.parse("HUBDEX_TRENDS_WINDOWS", t.substring(slash + 1)));
    }

    public boolean tumbling() {
        return size.equals(advance);
    }

    /** {@code 1h} or {@code 1d-every-1h}: safe in store and topic names and URLs. */
    public String name() {
        return tumbling() ? DurationText.format(size) : DurationText.format(size) + "-every-" + DurationText.format(advance);
    }

    /** The start times of every window containing {@code timestamp}, oldest first. */
    public List<Long> startsContaining(long timestamp) {
        long sizeMs = size.toMillis();
        long advanceMs = advance.toMillis();
        long last = Math.floorDiv(timestamp, advanceMs) * advanceMs;
        List<Long> starts = new ArrayList<>((int) (sizeMs / advanceMs));
        for (long start = last - sizeMs + advanceMs; start <= last; start += advanceMs) {
            starts.add(start);
        }
        return starts;
    }

    @Override
    public String toString() {
        return tumbling() ? DurationText.format(size) : DurationText.format(size) + "/" + DurationText.format(advance);
    }
}

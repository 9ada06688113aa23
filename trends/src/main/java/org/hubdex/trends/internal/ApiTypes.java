package org.hubdex.trends.internal;

import java.util.List;
import java.util.Map;
import org.hubdex.schemas.avro.TrendRecord;

/** The JSON shapes of the HTTP API (Jackson writes and reads these records). */
public final class ApiTypes {

    private ApiTypes() {
    }

    /** One window's count. */
    public record Point(long start, long count) {
    }

    /** The counts of one value of a dimension over time. */
    public record Series(String value, long total, long growth, long undated, List<Point> points) {
    }

    /** Answer of {@code GET /api/trends}. */
    public record TrendsAnswer(String dimension, String window, long windowSizeMs, long from, long to, String rank, List<Series> series) {
    }

    /** One alert with its evidence. */
    public record Alert(String dimension, String value, long windowStart, long windowEnd, long windowSizeMs, long count,
            Double baseline, Double factor, Integer baselineWindows, Double thresholdFactor, Long minCount, long emittedAt) {

        static Alert of(TrendRecord r) {
            return new Alert(r.getDimension(), r.getValue(), r.getWindowStart().toEpochMilli(), r.getWindowEnd().toEpochMilli(),
                    r.getWindowSizeMs(), r.getCount(), r.getBaseline(), r.getFactor(), r.getBaselineWindows(), r.getThresholdFactor(),
                    r.getMinCount(), r.getEmittedAt().toEpochMilli());
        }
    }

    /** Answer of {@code GET /api/alerts}. */
    public record AlertsAnswer(long from, long to, List<Alert> alerts) {
    }

    /** The event clock; null fields when nothing was counted yet. */
    public record Clock(Long oldest, Long newest) {
    }

    /** Answer of {@code GET /api/status}. */
    public record Status(String state, Clock clock, List<String> windows, List<String> dimensions, List<String> instances,
            Map<String, Number> metrics) {
    }

    /** An error answer. */
    public record Problem(int status, String error) {
    }
}

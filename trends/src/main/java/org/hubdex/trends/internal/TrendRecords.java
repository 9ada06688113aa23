package org.hubdex.trends.internal;

import java.time.Instant;
import org.hubdex.schemas.avro.TrendKind;
import org.hubdex.schemas.avro.TrendRecord;
import org.hubdex.trends.Dimension;
import org.hubdex.trends.WindowSpec;

/** Builds the {@link TrendRecord}s of {@code hub.trends}. */
public final class TrendRecords {

    private TrendRecords() {
    }

    /** The count of {@code key} in the window of {@code spec} starting at {@code start}. */
    public static TrendRecord count(String key, WindowSpec spec, long start, long count, long emittedAt) {
        return base(TrendKind.COUNT, key, spec, start, count, emittedAt).build();
    }

    /** An alert: {@code verdict}'s count reached the rule's threshold over its baseline in that window. */
    public static TrendRecord alert(String key, WindowSpec spec, long start, AlertRule rule, AlertRule.Verdict verdict, long emittedAt) {
        return base(TrendKind.ALERT, key, spec, start, verdict.count(), emittedAt)
                .setBaseline(verdict.baseline())
                .setFactor(verdict.ratio().orElse(null))
                .setBaselineWindows(rule.baselineWindows())
                .setThresholdFactor(rule.factor())
                .setMinCount(rule.minCount())
                .build();
    }

    private static TrendRecord.Builder base(TrendKind kind, String key, WindowSpec spec, long start, long count, long emittedAt) {
        return TrendRecord.newBuilder()
                .setKind(kind)
                .setDimension(Dimension.dimensionPart(key))
                .setValue(Dimension.valuePart(key))
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + spec.size().toMillis()))
                .setWindowSizeMs(spec.size().toMillis())
                .setCount(count)
                .setEmittedAt(Instant.ofEpochMilli(emittedAt));
    }
}

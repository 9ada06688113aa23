package org.hubdex.trends.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.hubdex.trends.Dimension;
import org.hubdex.trends.TrendsMetrics;
import org.hubdex.trends.WindowSpec;

/**
 * The answers of the HTTP API's queries: each asks the owning instances through the {@link QueryRouter} (or, with
 * {@code local=true}, only this instance's stores) and merges, ranks and trims the parts. Thread-safe.
 */
public final class TrendQueries {

    static final TypeReference<Map<String, Map<Long, Long>>> COUNTS = new TypeReference<>() {
    };
    static final TypeReference<Map<String, Long>> UNDATED = new TypeReference<>() {
    };
    static final TypeReference<List<ApiTypes.Alert>> ALERTS = new TypeReference<>() {
    };
    static final TypeReference<ApiTypes.Clock> CLOCK = new TypeReference<>() {
    };
    private static final int DEFAULT_SPAN_WINDOWS = 48;

    private final KafkaStreams streams;
    private final List<WindowSpec> windows;
    private final LocalQueries local;
    private final QueryRouter router;
    private final TrendsMetrics metrics;

    public TrendQueries(KafkaStreams streams, List<WindowSpec> windows, QueryRouter router, TrendsMetrics metrics) {
        this.streams = streams;
        this.windows = List.copyOf(windows);
        this.local = new LocalQueries(streams);
        this.router = router;
        this.metrics = metrics;
    }

    /**
     * {@code GET /api/trends?dimension=&window=&from=&to=&top=&rank=total|growth[&value=]}: counts over time of the
     * top values of a dimension. {@code from}/{@code to} bound window starts (default: the 48 windows up to the
     * newest event); {@code growth} ranks by the second half of the range minus the first.
     */
    public Object trends(QueryParams p) {
        Dimension dimension = p.dimension();
        WindowSpec window = p.window(windows);
        long size = window.size().toMillis();
        if (p.flag("local")) {
            return local.counts(dimension, window, p.instant("from").orElse(0L), p.instant("to").orElse(Long.MAX_VALUE - size));
        }
        long to = p.instant("to").orElseGet(() -> {
            Long newest = clock().newest();
            return newest == null ? System.currentTimeMillis() : newest;
        });
        long from = p.instant("from").orElse(to - DEFAULT_SPAN_WINDOWS * window.advance().toMillis());
        if (from > to) {
            throw new BadQueryException("from must not be after to, got from=" + from + " to=" + to);
        }
        int top = p.integer("top", 10, 1, 1000);
        String rank = p.get("rank").orElse("total");
        if (!rank.equals("total") && !rank.equals("growth")) {
            throw new BadQueryException("rank must be total or growth, got '" + rank + "'");
        }
        QueryParams bounded = QueryParams.of(java.net.URI.create("/?dimension=" + dimension.id() + "&window=" + window.name()
                + "&from=" + from + "&to=" + to));
        Map<String, Map<Long, Long>> counts = new TreeMap<>();
        if (p.get("value").isPresent()) {
            String key = dimension.key(p.get("value").get());
            Map<String, Map<Long, Long>> part = router.fromKeyOwner(StoreNames.counts(window), key, "/api/trends", bounded,
                    () -> local.counts(dimension, window, from, to), COUNTS);
            part.entrySet().stream().filter(e -> e.getKey().equals(p.get("value").get())).forEach(e -> counts.put(e.getKey(), e.getValue()));
        } else {
            for (Map<String, Map<Long, Long>> part : router.fromEveryOwner(StoreNames.counts(window), "/api/trends", bounded,
                    () -> local.counts(dimension, window, from, to), COUNTS)) {
                part.forEach((value, points) -> points.forEach((start, n) -> counts.computeIfAbsent(value, v -> new TreeMap<>()).merge(start, n, Long::sum)));
            }
        }
        Map<String, Long> undated = undated(dimension);
        long middle = from + (to - from) / 2;
        List<ApiTypes.Series> series = new ArrayList<>();
        counts.forEach((value, points) -> {
            long total = points.values().stream().mapToLong(Long::longValue).sum();
            long late = points.entrySet().stream().filter(e -> e.getKey() > middle).mapToLong(Map.Entry::getValue).sum();
            List<ApiTypes.Point> list = points.entrySet().stream().map(e -> new ApiTypes.Point(e.getKey(), e.getValue())).toList();
            series.add(new ApiTypes.Series(value, total, late - (total - late), undated.getOrDefault(value, 0L), list));
        });
        Comparator<ApiTypes.Series> order = rank.equals("growth")
                ? Comparator.comparingLong(ApiTypes.Series::growth).reversed().thenComparing(Comparator.comparingLong(ApiTypes.Series::total).reversed())
                : Comparator.comparingLong(ApiTypes.Series::total).reversed();
        series.sort(order.thenComparing(ApiTypes.Series::value));
        return new ApiTypes.TrendsAnswer(dimension.id(), window.name(), size, from, to, rank,
                series.subList(0, Math.min(top, series.size())));
    }

    /** {@code GET /api/alerts?from=&to=&limit=}: alerts of every window size, newest window first. */
    public Object alerts(QueryParams p) {
        long from = p.instant("from").orElse(0L);
        long to = p.instant("to").orElse(Long.MAX_VALUE / 2);
        if (p.flag("local")) {
            return local.alerts(windows, from, to);
        }
        int limit = p.integer("limit", 50, 1, 10_000);
        List<ApiTypes.Alert> all = new ArrayList<>();
        QueryParams bounded = QueryParams.of(java.net.URI.create("/?from=" + from + "&to=" + to));
        router.fromEveryOwner(StoreNames.alerts(windows.get(0)), "/api/alerts", bounded, () -> local.alerts(windows, from, to), ALERTS)
                .forEach(all::addAll);
        all.sort(Comparator.comparingLong(ApiTypes.Alert::windowStart).reversed().thenComparing(ApiTypes.Alert::emittedAt, Comparator.reverseOrder()));
        return new ApiTypes.AlertsAnswer(from, to, all.subList(0, Math.min(limit, all.size())));
    }

    /** {@code GET /api/undated?dimension=}: contributions of undated (pre-2022 or unknown-date) models per value. */
    public Object undated(QueryParams p) {
        Dimension dimension = p.dimension();
        return p.flag("local") ? local.undated(dimension) : undated(dimension);
    }

    /** {@code GET /api/clock}: the event clock (held by the lineage task's instance). */
    public Object clockAnswer(QueryParams p) {
        return p.flag("local") ? local.clock() : clock();
    }

    /** {@code GET /api/status}: state, clock, windows, dimensions, instances and this instance's metrics. */
    public Object status(QueryParams p) {
        ApiTypes.Clock clock;
        try {
            clock = clock();
        } catch (StoreUnavailableException | org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            clock = new ApiTypes.Clock(null, null);
        }
        return new ApiTypes.Status(streams.state().name(), clock, windows.stream().map(WindowSpec::name).toList(),
                java.util.Arrays.stream(Dimension.values()).map(Dimension::id).toList(), router.instances(), metrics.snapshot());
    }

    private Map<String, Long> undated(Dimension dimension) {
        QueryParams q = QueryParams.of(java.net.URI.create("/?dimension=" + dimension.id()));
        Map<String, Long> merged = new TreeMap<>();
        router.fromEveryOwner(StoreNames.UNDATED, "/api/undated", q, () -> local.undated(dimension), UNDATED)
                .forEach(part -> part.forEach((k, v) -> merged.merge(k, v, Long::sum)));
        return merged;
    }

    private ApiTypes.Clock clock() {
        List<ApiTypes.Clock> parts = router.fromEveryOwner(StoreNames.CLOCK, "/api/clock", QueryParams.of(java.net.URI.create("/")),
                local::clock, CLOCK);
        return parts.isEmpty() ? new ApiTypes.Clock(null, null) : parts.get(0);
    }
}

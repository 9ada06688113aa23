package org.hubdex.localhub.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's query string: decoded, multi-valued parameters in order, plus the raw pairs so that a
 * next-page link carries every parameter exactly as the client sent it. Immutable.
 */
public final class QueryParams {

    private final Map<String, List<String>> values;
    private final List<String[]> rawPairs;

    private QueryParams(Map<String, List<String>> values, List<String[]> rawPairs) {
        this.values = values;
        this.rawPairs = rawPairs;
    }

    /** Parses a raw (still percent-encoded) query; {@code null} is the empty query. */
    public static QueryParams parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String[]> raw = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String rk = eq < 0 ? pair : pair.substring(0, eq);
                String rv = eq < 0 ? "" : pair.substring(eq + 1);
                String key = PathCodec.decodeQueryComponent(rk);
                String value = PathCodec.decodeQueryComponent(rv);
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                raw.add(new String[] {rk, rv, key});
            }
        }
        return new QueryParams(values, raw);
    }

    /** The first value of {@code key}. */
    public Optional<String> first(String key) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** Every value of {@code key} and of {@code key[]} (the array form some clients send), in order. */
    public List<String> all(String key) {
        List<String> out = new ArrayList<>(values.getOrDefault(key, List.of()));
        out.addAll(values.getOrDefault(key + "[]", List.of()));
        return out;
    }

    public boolean has(String key) {
        return values.containsKey(key) || values.containsKey(key + "[]");
    }

    /** Whether {@code key} is given as {@code true} or {@code 1}. */
    public boolean flag(String key) {
        return first(key).map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(false);
    }

    /** The raw query without the {@code cursor} parameter, plus {@code cursor=<cursor>} (already URL-safe). */
    public String withCursor(String cursor) {
        StringBuilder sb = new StringBuilder();
        for (String[] p : rawPairs) {
            if (p[2].equals("cursor")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        if (sb.length() > 0) {
            sb.append('&');
        }
        return sb.append("cursor=").append(cursor).toString();
    }
}

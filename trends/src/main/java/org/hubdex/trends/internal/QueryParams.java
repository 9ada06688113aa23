package org.hubdex.trends.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hubdex.trends.Dimension;
import org.hubdex.trends.WindowSpec;

/** The query string of a request, with typed, validated accessors that throw {@link BadQueryException}. */
public final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParams of(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String part : q.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                m.put(k, v);
            }
        }
        return new QueryParams(m);
    }

    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public boolean flag(String name) {
        return get(name).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    public Dimension dimension() {
        String d = get("dimension").orElseThrow(() -> new BadQueryException("dimension is required, one of " + dimensionIds()));
        return Dimension.byId(d).orElseThrow(() -> new BadQueryException("unknown dimension '" + d + "', expected one of " + dimensionIds()));
    }

    public WindowSpec window(List<WindowSpec> configured) {
        Optional<String> w = get("window");
        if (w.isEmpty()) {
            return configured.get(0);
        }
        for (WindowSpec spec : configured) {
            if (spec.name().equals(w.get()) || spec.toString().equals(w.get())) {
                return spec;
            }
        }
        throw new BadQueryException("unknown window '" + w.get() + "', this instance counts in " + configured.stream().map(WindowSpec::name).toList());
    }

    /** An instant given as ISO-8601 ({@code 2026-11-02T00:00:00Z}) or epoch milliseconds. */
    public Optional<Long> instant(String name) {
        return get(name).map(v -> {
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new BadQueryException(name + " must be an ISO-8601 instant (2026-11-02T00:00:00Z) or epoch milliseconds, got '" + v + "'");
            }
        });
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw new BadQueryException(name + " must be " + min + "-" + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadQueryException(name + " must be an integer, got '" + v.get() + "'");
        }
    }

    /** The query string with {@code local=true} added: how one instance asks another for its own part. */
    public String localQuery() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (!k.equals("local")) {
                sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return sb.append(sb.length() == 0 ? "" : "&").append("local=true").toString();
    }

    private static List<String> dimensionIds() {
        return java.util.Arrays.stream(Dimension.values()).map(Dimension::id).toList();
    }
}

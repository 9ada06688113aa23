package org.hubdex.hub.internal;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers of the response headers the hub protocol relies on. Stateless. */
public final class HubHeaders {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^,<]*)");
    private static final Pattern REL = Pattern.compile("(?i);\\s*rel\\s*=\\s*\"?([^\";]*)\"?");
    private static final Pattern RATE_BUCKET = Pattern.compile("^\\s*\"?([A-Za-z0-9_-]+)\"?\\s*;");
    private static final Pattern RATE_R = Pattern.compile("(?:^|;)\\s*r\\s*=\\s*(\\d+)");
    private static final Pattern RATE_T = Pattern.compile("(?:^|;)\\s*t\\s*=\\s*(\\d+)");
    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*");
    private static final Pattern CONTENT_RANGE_UNSATISFIED = Pattern.compile("\\s*bytes\\s+\\*/(\\d+)\\s*");

    private HubHeaders() {
    }

    /** The hub's {@code RateLimit} header: bucket name when given, requests remaining, seconds until the window resets. */
    public record RateLimit(Optional<String> bucket, long remaining, long resetSeconds) {
    }

    /** A satisfied {@code Content-Range}: first and last byte (inclusive) and the total length when known. */
    public record ContentRange(long first, long last, OptionalLong total) {
        public long length() {
            return last - first + 1;
        }
    }

    /** The {@code rel="next"} target of the {@code Link} header(s), resolved against the request URL. */
    public static Optional<URI> nextLink(HttpHeaders headers, URI requestUrl) {
        for (String value : headers.allValues("Link")) {
            Matcher m = LINK.matcher(value);
            while (m.find()) {
                Matcher rel = REL.matcher(m.group(2));
                while (rel.find()) {
                    for (String r : rel.group(1).trim().split("\\s+")) {
                        if (r.equalsIgnoreCase("next")) {
                            return Optional.of(requestUrl.resolve(m.group(1).trim()));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Parses {@code RateLimit: "api";r=0;t=55}; empty when absent or without both {@code r} and {@code t}. */
    public static Optional<RateLimit> rateLimit(HttpHeaders headers) {
        return headers.firstValue("RateLimit").flatMap(HubHeaders::rateLimit);
    }

    static Optional<RateLimit> rateLimit(String value) {
        Matcher r = RATE_R.matcher(value);
        Matcher t = RATE_T.matcher(value);
        if (!r.find() || !t.find()) {
            return Optional.empty();
        }
        Matcher b = RATE_BUCKET.matcher(value);
        try {
            return Optional.of(new RateLimit(b.find() ? Optional.of(b.group(1)) : Optional.empty(),
                    Long.parseLong(r.group(1)), Long.parseLong(t.group(1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After} as a wait from {@code now}: delay-seconds or an HTTP date; empty when absent or unparsable. */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        return headers.firstValue("Retry-After").flatMap(v -> retryAfter(v, now));
    }

    static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.trim();
        if (v.matches("\\d{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Parses {@code bytes a-b/total} (or {@code /*}); empty when absent; throws on a malformed value. */
    public static Optional<ContentRange> contentRange(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Content-Range");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(v.get());
        if (!m.matches()) {
            throw new IllegalArgumentException("Content-Range '" + v.get() + "' is not 'bytes first-last/total'");
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        OptionalLong total = m.group(3).equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
        if (last < first || (total.isPresent() && last >= total.getAsLong())) {
            throw new IllegalArgumentException("Content-Range '" + v.get() + "' is not a range inside the file");
        }
        return Optional.of(new ContentRange(first, last, total));
    }

    /** The total of a 416's {@code Content-Range: bytes *}{@code /total}. */
    public static OptionalLong unsatisfiedTotal(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Content-Range");
        if (v.isPresent()) {
            Matcher m = CONTENT_RANGE_UNSATISFIED.matcher(v.get());
            if (m.matches()) {
                return OptionalLong.of(Long.parseLong(m.group(1)));
            }
        }
        return OptionalLong.empty();
    }

    /** An etag without the weak marker {@code W/} and the quotes. */
    public static String normalizeEtag(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/") || e.startsWith("w/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }

    /** A non-negative long header value. */
    public static OptionalLong longValue(HttpHeaders headers, String name) {
        Optional<String> v = headers.firstValue(name);
        if (v.isPresent() && v.get().trim().matches("\\d{1,18}")) {
            return OptionalLong.of(Long.parseLong(v.get().trim()));
        }
        return OptionalLong.empty();
    }

    /** The first of several header names that is present. */
    public static Optional<String> first(HttpHeaders headers, List<String> names) {
        for (String n : names) {
            Optional<String> v = headers.firstValue(n);
            if (v.isPresent() && !v.get().isBlank()) {
                return v.map(String::trim);
            }
        }
        return Optional.empty();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

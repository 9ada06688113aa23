package org.hubdex.trainer.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the settings write them: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 6h}, {@code 7d}, or ISO-8601. */
public final class DurationText {

    private static final Pattern SIMPLE = Pattern.compile("([0-9]+)(ms|s|m|h|d)?");

    private DurationText() {
    }

    /**
     * Parses {@code text}; bare numbers are seconds. An unreadable text becomes the exception {@code error} makes
     * of a message naming {@code what}.
     */
    public static Duration parse(String what, String text, Function<String, ? extends RuntimeException> error) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw error.apply(what + " must be a duration such as 90s, 10m, 6h, 7d or PT90S, got '" + text + "'");
        }
    }

    /** The shortest exact form: {@code 1d}, {@code 6h}, {@code 15m}, {@code 30s}, {@code 250ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}

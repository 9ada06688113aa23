package org.hubdex.trainer.corpus.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hubdex.trainer.corpus.InvalidCorpusSettingException;

/** Durations as settings write them: {@code 90} (seconds), {@code 90s}, {@code 500ms}, {@code 2m}, {@code 6h}, {@code 7d} or ISO-8601. */
public final class DurationText {

    private static final Pattern SHORT = Pattern.compile("([0-9]+)(ms|s|m|h|d)?");

    private DurationText() {
    }

    /** Parses {@code text}; {@code what} names the setting in the error. */
    public static Duration parse(String what, String text) {
        Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
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
            throw new InvalidCorpusSettingException(what + " must be a duration such as 90s, 5m, 500ms or PT90S, got '" + text + "'");
        }
    }

    /** The shortest exact form {@link #parse} reads back: {@code 30s}, {@code 500ms}, {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}

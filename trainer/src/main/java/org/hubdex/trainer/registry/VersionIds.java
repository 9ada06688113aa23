package org.hubdex.trainer.registry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Version ids: what may name a registry directory, the time-based ids {@link ModelRegistry#newVersionId} makes
 * ({@code 2026-11-25T19-04-05Z}, then {@code 2026-11-25T19-04-05Z-1}, {@code -2}, ... within the same second) and
 * their order (by time, then by that suffix as a number; other ids after them, by name).
 */
public final class VersionIds {

    /** A version id: a plain directory name, never a path, never hidden. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Names that are registry files, never versions. */
    static final Set<String> RESERVED = Set.of("current");

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern TIME_BASED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z)(?:-(\\d{1,9}))?");

    /** Oldest first: time-based ids by second and suffix, then any other ids by name. */
    public static final Comparator<String> ORDER = VersionIds::compare;

    private VersionIds() {
    }

    /** The id of {@code time}'s second, before any suffix, e.g. {@code 2026-11-25T19-04-05Z}. */
    public static String ofSecond(Instant time) {
        return SECOND.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The {@code n}-th id of one second: {@code base} itself for 0, {@code base-n} after. */
    static String withSuffix(String base, int n) {
        return n == 0 ? base : base + "-" + n;
    }

    /** Whether {@code version} may name a version directory. */
    public static boolean isValid(String version) {
        return version != null && VALID.matcher(version).matches() && !RESERVED.contains(version);
    }

    /** {@code version}, or an {@link InvalidVersionIdException} saying what a version id may be. */
    static String require(String version) {
        if (!isValid(version)) {
            throw new InvalidVersionIdException("'" + version + "' is not a version id: it must match " + VALID.pattern()
                    + " and not be one of " + RESERVED + " (e.g. 2026-11-25T19-04-05Z)");
        }
        return version;
    }

    private static int compare(String a, String b) {
        Matcher ma = TIME_BASED.matcher(a);
        Matcher mb = TIME_BASED.matcher(b);
        boolean ta = ma.matches();
        boolean tb = mb.matches();
        if (ta && tb) {
            int bySecond = ma.group(1).compareTo(mb.group(1));
            if (bySecond != 0) {
                return bySecond;
            }
            return Long.compare(suffix(ma), suffix(mb));
        }
        if (ta != tb) {
            return ta ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static long suffix(Matcher m) {
        return m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    }
}

package org.hubdex.localhub.internal;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The listing orders the hub offers, always newest/highest first. Ties are broken by model id
 * (ascending) so that the order is total and a cursor names one position.
 */
public enum SortKey {
    CREATED_AT("createdAt"),
    LAST_MODIFIED("lastModified"),
    DOWNLOADS("downloads"),
    LIKES("likes"),
    TRENDING_SCORE("trendingScore"),
    ID("id");

    private final String wireName;

    SortKey(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The key by its hub name (also {@code created_at}/{@code last_modified}, which some clients send). */
    public static Optional<SortKey> fromWire(String name) {
        String n = name.replace("_", "").toLowerCase(Locale.ROOT);
        for (SortKey k : values()) {
            if (k.wireName.toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The numeric sort value of a repository (unused for {@link #ID}). */
    public long value(Repository r) {
        return switch (this) {
            case CREATED_AT -> r.createdAt().toEpochMilli();
            case LAST_MODIFIED -> r.lastModified().toEpochMilli();
            case DOWNLOADS -> r.attributes().downloads();
            case LIKES -> r.attributes().likes();
            case TRENDING_SCORE -> r.attributes().trendingScore();
            case ID -> 0;
        };
    }

    /** Orders two positions: negative when ({@code v1}, {@code id1}) comes first. */
    public int compare(long v1, String id1, long v2, String id2) {
        if (this == ID) {
            return id2.compareTo(id1);
        }
        int c = Long.compare(v2, v1);
        return c != 0 ? c : id1.compareTo(id2);
    }

    /** The order of repositories. */
    public Comparator<Repository> comparator() {
        return (a, b) -> compare(value(a), a.id(), value(b), b.id());
    }
}

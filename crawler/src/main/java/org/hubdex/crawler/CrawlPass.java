package org.hubdex.crawler;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hubdex.hub.ModelSort;

/**
 * One walk over a hub listing, newest first. A <em>poll</em> ({@code poll:createdAt},
 * {@code poll:lastModified}) stops at the high-water mark its previous complete walk left, so it
 * reads only what is new; a <em>backfill</em> ({@code backfill:<name>}) walks its whole listing,
 * optionally filtered (e.g. {@code base_model:X}), once. Both resume from the last committed page
 * after a restart. Immutable.
 *
 * @param name the pass's state key
 * @param sort listing order; its timestamp is what a poll stops at
 * @param filters hub {@code filter} tags (all must match)
 * @param search hub {@code search} substring
 * @param author hub {@code author}
 * @param backfill whether the pass walks to the end instead of stopping at a mark
 */
public record CrawlPass(String name, ModelSort sort, List<String> filters, Optional<String> search, Optional<String> author,
        boolean backfill) {

    public CrawlPass {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sort, "sort");
        filters = List.copyOf(filters);
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(author, "author");
        if (!backfill && sort != ModelSort.CREATED_AT && sort != ModelSort.LAST_MODIFIED) {
            throw new InvalidCrawlerSettingException("a poll needs a time-ordered listing (createdAt or lastModified), got " + sort);
        }
    }

    /** The poll of a listing sorted by {@code createdAt} (new models) or {@code lastModified} (new commits). */
    public static CrawlPass poll(String sortKey) {
        ModelSort sort = switch (sortKey) {
            case "createdAt" -> ModelSort.CREATED_AT;
            case "lastModified" -> ModelSort.LAST_MODIFIED;
            default -> throw new InvalidCrawlerSettingException("cannot poll sort '" + sortKey + "'; use createdAt or lastModified");
        };
        return new CrawlPass("poll:" + sortKey, sort, List.of(), Optional.empty(), Optional.empty(), false);
    }

    /**
     * A backfill of the whole listing, or of the part matching {@code filters}, {@code search} and
     * {@code author}; its name keys its resumable progress.
     */
    public static CrawlPass backfill(String name, List<String> filters, Optional<String> search, Optional<String> author) {
        if (name == null || name.isBlank()) {
            throw new InvalidCrawlerSettingException("a backfill needs a name (it keys the resumable progress)");
        }
        return new CrawlPass("backfill:" + name, ModelSort.CREATED_AT, filters, search, author, true);
    }
}

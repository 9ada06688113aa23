package org.hubdex.localhub.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of {@code GET /api/models}, validated like the hub validates them: unknown
 * {@code expand} fields, {@code expand} combined with {@code full}/{@code config}/{@code cardData},
 * an ascending {@code direction}, an unknown {@code sort} or a malformed {@code limit},
 * {@code gated}, {@code num_parameters} or cursor give 400. Immutable.
 *
 * @param search case-insensitive substring of the id
 * @param author exact author (case-insensitive)
 * @param filters tags that must all be present
 * @param pipelineTag required pipeline tag
 * @param gated required gatedness
 * @param minParameters lower bound of {@code safetensors.total} (inclusive)
 * @param maxParameters upper bound of {@code safetensors.total} (inclusive)
 * @param sort the order, newest/highest first
 * @param limit entries per page (1 to 1,000)
 * @param fields the fields of each entry
 * @param cursor where the page starts
 */
public record ListingQuery(Optional<String> search, Optional<String> author, List<String> filters, Optional<String> pipelineTag,
        Optional<Boolean> gated, Optional<Long> minParameters, Optional<Long> maxParameters, SortKey sort, int limit, List<String> fields,
        Optional<Cursor> cursor) {

    /** The largest page the hub serves; a larger {@code limit} is capped. */
    public static final int MAX_LIMIT = 1000;

    /** Parses and validates a listing request. */
    public static ListingQuery parse(QueryParams q, ObjectMapper json) {
        SortKey sort = q.first("sort").map(s -> SortKey.fromWire(s).orElseThrow(() -> HttpError.badRequest(
                "Invalid sort '" + s + "': expected one of createdAt, lastModified, downloads, likes, trendingScore, id")))
                .orElse(SortKey.TRENDING_SCORE);
        q.first("direction").ifPresent(d -> {
            if (!d.equals("-1")) {
                throw HttpError.badRequest("Invalid direction '" + d + "': only -1 (descending) is supported");
            }
        });
        int limit = MAX_LIMIT;
        if (q.first("limit").isPresent()) {
            try {
                limit = Integer.parseInt(q.first("limit").get().trim());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Invalid limit '" + q.first("limit").get() + "': expected a positive integer");
            }
            if (limit < 1) {
                throw HttpError.badRequest("Invalid limit " + limit + ": expected a positive integer");
            }
            limit = Math.min(limit, MAX_LIMIT);
        }
        Optional<Boolean> gated = q.first("gated").map(g -> {
            if (g.equalsIgnoreCase("true")) {
                return true;
            }
            if (g.equalsIgnoreCase("false")) {
                return false;
            }
            throw HttpError.badRequest("Invalid gated '" + g + "': expected true or false");
        });
        Optional<Long> min = Optional.empty();
        Optional<Long> max = Optional.empty();
        if (q.first("num_parameters").isPresent()) {
            for (String part : q.first("num_parameters").get().split(",")) {
                String p = part.trim();
                if (p.startsWith("min:")) {
                    min = Optional.of(parameterCount(p.substring(4)));
                } else if (p.startsWith("max:")) {
                    max = Optional.of(parameterCount(p.substring(4)));
                } else {
                    throw HttpError.badRequest("Invalid num_parameters '" + q.first("num_parameters").get() + "': expected min:6B,max:128B");
                }
            }
        }
        List<String> expand = q.all("expand");
        boolean full = q.flag("full");
        boolean config = q.flag("config");
        boolean cardData = q.flag("cardData");
        List<String> fields;
        if (!expand.isEmpty()) {
            if (full || config || cardData) {
                throw HttpError.badRequest("expand cannot be combined with full, config or cardData");
            }
            Set<String> unknown = new TreeSet<>();
            Set<String> chosen = new LinkedHashSet<>();
            for (String e : expand) {
                for (String f : e.split(",")) {
                    String field = f.trim();
                    if (!ModelJson.EXPAND_FIELDS.contains(field)) {
                        unknown.add(field);
                    }
                    chosen.add(field);
                }
            }
            if (!unknown.isEmpty()) {
                throw HttpError.badRequest("\"expand\" contains unknown field(s) " + unknown + "; allowed: " + new TreeSet<>(ModelJson.EXPAND_FIELDS));
            }
            fields = List.copyOf(chosen);
        } else {
            List<String> f = new ArrayList<>(full ? ModelJson.LISTING_FULL : ModelJson.LISTING_DEFAULT);
            if (config) {
                f.add("config");
            }
            if (cardData) {
                f.add("cardData");
            }
            fields = List.copyOf(f);
        }
        Optional<Cursor> cursor = q.first("cursor").map(c -> Cursor.decode(c, sort, json));
        return new ListingQuery(q.first("search").filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)),
                q.first("author").filter(s -> !s.isEmpty()), List.copyOf(q.all("filter")), q.first("pipeline_tag").filter(s -> !s.isEmpty()),
                gated, min, max, sort, limit, fields, cursor);
    }

    /** Whether {@code v} passes every filter of this query. */
    public boolean matches(ModelView v) {
        Repository r = v.repository();
        if (search.isPresent() && !r.id().toLowerCase(Locale.ROOT).contains(search.get())) {
            return false;
        }
        if (author.isPresent() && !r.author().equalsIgnoreCase(author.get())) {
            return false;
        }
        if (!filters.isEmpty() && !r.tags().containsAll(filters)) {
            return false;
        }
        if (pipelineTag.isPresent() && !pipelineTag.equals(r.pipelineTag())) {
            return false;
        }
        if (gated.isPresent() && gated.get() != v.gated().isPresent()) {
            return false;
        }
        if (minParameters.isPresent() || maxParameters.isPresent()) {
            if (r.safetensors().isEmpty()) {
                return false;
            }
            long total = r.safetensors().get().total();
            if (minParameters.isPresent() && total < minParameters.get() || maxParameters.isPresent() && total > maxParameters.get()) {
                return false;
            }
        }
        return true;
    }

    private static long parameterCount(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1_000L;
                case 'M' -> unit = 1_000_000L;
                case 'B' -> unit = 1_000_000_000L;
                case 'T' -> unit = 1_000_000_000_000L;
                default -> unit = 1;
            }
            if (unit != 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            return new BigDecimal(t).multiply(BigDecimal.valueOf(unit)).longValue();
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Invalid num_parameters bound '" + text + "': expected a number with an optional K, M, B or T suffix");
        }
    }
}

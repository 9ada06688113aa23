package org.hubdex.hub;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One model listing query ({@code GET /api/models}): filters, sort, payload and page size, or a saved
 * next-page URL to resume from. Immutable; build with {@link #builder()}.
 *
 * <p>Resuming: a next-page URL carries every parameter of the query plus the opaque cursor, so with
 * {@link Builder#optStartUrl} set the listing starts from that URL exactly as saved and the other
 * parameters of this request only document the query (they are not merged into the URL).
 *
 * @param search substring of the model id ({@code search})
 * @param author namespace ({@code author})
 * @param filters tags, one {@code filter} parameter each ({@code dataset:X}, {@code base_model:finetune:X}, ...)
 * @param pipelineTag {@code pipeline_tag}
 * @param gated {@code gated=true|false}
 * @param sort {@code sort}; the hub's order (newest or highest first)
 * @param expand {@code expand} fields, exclusive with {@code full}, {@code cardData} and {@code config}
 * @param full {@code full=true}
 * @param cardData {@code cardData=true}
 * @param config {@code config=true}
 * @param pageSize models per page ({@code limit} on each request)
 * @param limit stop after this many models in total
 * @param startUrl a saved next-page URL to resume from
 */
public record ListModelsRequest(Optional<String> search, Optional<String> author, List<String> filters,
        Optional<String> pipelineTag, Optional<Boolean> gated, Optional<ModelSort> sort, Set<ExpandField> expand,
        boolean full, boolean cardData, boolean config, int pageSize, OptionalLong limit, Optional<URI> startUrl) {

    /** The most models per page this client asks for (the official clients use 500 to 1,000). */
    public static final int MAX_PAGE_SIZE = 1000;
    public static final int DEFAULT_PAGE_SIZE = 1000;

    public ListModelsRequest {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(author, "author");
        filters = List.copyOf(filters);
        Objects.requireNonNull(pipelineTag, "pipelineTag");
        Objects.requireNonNull(gated, "gated");
        Objects.requireNonNull(sort, "sort");
        expand = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(expand));
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(startUrl, "startUrl");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The URL of the first page on {@code endpoint}: the start URL when resuming, else {@code
     * /api/models} with this request's parameters.
     */
    public URI firstPageUrl(URI endpoint) {
        if (startUrl.isPresent()) {
            return startUrl.get();
        }
        List<String> q = new ArrayList<>();
        search.ifPresent(v -> q.add(param("search", v)));
        author.ifPresent(v -> q.add(param("author", v)));
        filters.forEach(v -> q.add(param("filter", v)));
        pipelineTag.ifPresent(v -> q.add(param("pipeline_tag", v)));
        gated.ifPresent(v -> q.add(param("gated", v.toString())));
        sort.ifPresent(v -> q.add(param("sort", v.wire())));
        expand.forEach(v -> q.add(param("expand", v.wire())));
        if (full) {
            q.add("full=true");
        }
        if (cardData) {
            q.add("cardData=true");
        }
        if (config) {
            q.add("config=true");
        }
        long perPage = limit.isPresent() ? Math.min(pageSize, limit.getAsLong()) : pageSize;
        q.add("limit=" + perPage);
        String base = endpoint.toString().replaceAll("/+$", "");
        return URI.create(base + "/api/models?" + String.join("&", q));
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Builder; every field is optional. */
    public static final class Builder {
        private String search;
        private String author;
        private final List<String> filters = new ArrayList<>();
        private String pipelineTag;
        private Boolean gated;
        private ModelSort sort;
        private final Set<ExpandField> expand = new LinkedHashSet<>();
        private boolean full;
        private boolean cardData;
        private boolean config;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Long limit;
        private URI startUrl;

        private Builder() {
        }

        public Builder optSearch(String search) {
            this.search = search;
            return this;
        }

        public Builder optAuthor(String author) {
            this.author = author;
            return this;
        }

        /** Adds one tag filter ({@code filter=<tag>}); several filters must all match. */
        public Builder addFilter(String tag) {
            this.filters.add(tag);
            return this;
        }

        public Builder optPipelineTag(String pipelineTag) {
            this.pipelineTag = pipelineTag;
            return this;
        }

        public Builder optGated(boolean gated) {
            this.gated = gated;
            return this;
        }

        public Builder optSort(ModelSort sort) {
            this.sort = sort;
            return this;
        }

        public Builder addExpand(ExpandField... fields) {
            this.expand.addAll(List.of(fields));
            return this;
        }

        public Builder optFull(boolean full) {
            this.full = full;
            return this;
        }

        public Builder optCardData(boolean cardData) {
            this.cardData = cardData;
            return this;
        }

        public Builder optConfig(boolean config) {
            this.config = config;
            return this;
        }

        /** Models per page, 1 to 1,000 (default 1,000). */
        public Builder optPageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        /** Stop after this many models in total (default: the whole listing). */
        public Builder optLimit(long limit) {
            this.limit = limit;
            return this;
        }

        /** Resume from a next-page URL saved from {@link ModelPage#nextPageUrl()}. */
        public Builder optStartUrl(URI startUrl) {
            this.startUrl = startUrl;
            return this;
        }

        public ListModelsRequest build() {
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("page size must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize);
            }
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1 model, got " + limit + " (leave it unset for the whole listing)");
            }
            if (!expand.isEmpty() && (full || cardData || config)) {
                throw new IllegalArgumentException("expand is exclusive with full, cardData and config (the hub rejects the mix):"
                        + " ask for the fields with addExpand(ExpandField.CARD_DATA, ExpandField.CONFIG, ...) instead");
            }
            for (String f : filters) {
                if (f == null || f.isBlank()) {
                    throw new IllegalArgumentException("a filter must be a non-blank tag such as base_model:finetune:org/model, got '" + f + "'");
                }
            }
            if (startUrl != null) {
                String path = startUrl.getPath() == null ? "" : startUrl.getPath();
                if (!startUrl.isAbsolute() || !(("http".equals(startUrl.getScheme()) || "https".equals(startUrl.getScheme())))
                        || !path.endsWith("/api/models")) {
                    throw new IllegalArgumentException("the start URL must be an absolute http(s) URL of /api/models saved from"
                            + " ModelPage.nextPageUrl(), got " + startUrl);
                }
            }
            return new ListModelsRequest(blankToEmpty(search), blankToEmpty(author), filters, blankToEmpty(pipelineTag),
                    Optional.ofNullable(gated), Optional.ofNullable(sort), expand, full, cardData, config, pageSize,
                    limit == null ? OptionalLong.empty() : OptionalLong.of(limit), Optional.ofNullable(startUrl));
        }

        private static Optional<String> blankToEmpty(String s) {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
        }
    }
}

package org.hubdex.crawler.internal;

import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hubdex.crawler.CrawlPass;
import org.hubdex.hub.ExpandField;
import org.hubdex.hub.HubClient;
import org.hubdex.hub.ListModelsRequest;
import org.hubdex.hub.ModelPage;

/** {@link ListingSource} over the hub client: one ranged listing request per page, with an explicit {@code expand}. */
public final class HubClientListingSource implements ListingSource {

    /** The fields an event needs; asked for explicitly so the hub returns exactly these. */
    private static final ExpandField[] EXPAND = {
        ExpandField.AUTHOR, ExpandField.SHA, ExpandField.CREATED_AT, ExpandField.LAST_MODIFIED, ExpandField.PRIVATE,
        ExpandField.GATED, ExpandField.DISABLED, ExpandField.DOWNLOADS, ExpandField.LIKES, ExpandField.TAGS,
        ExpandField.PIPELINE_TAG, ExpandField.LIBRARY_NAME, ExpandField.CARD_DATA, ExpandField.SIBLINGS, ExpandField.SAFETENSORS
    };

    private final HubClient hub;

    public HubClientListingSource(HubClient hub) {
        this.hub = hub;
    }

    @Override
    public ModelPage fetch(CrawlPass pass, Optional<URI> resumeUrl, int pageSize) {
        ListModelsRequest.Builder request = ListModelsRequest.builder().optSort(pass.sort()).addExpand(EXPAND).optPageSize(pageSize);
        pass.filters().forEach(request::addFilter);
        pass.search().ifPresent(request::optSearch);
        pass.author().ifPresent(request::optAuthor);
        resumeUrl.ifPresent(request::optStartUrl);
        Iterator<ModelPage> pages = hub.listModels(request.build()).pages().iterator();
        if (!pages.hasNext()) {
            throw new IllegalStateException("the hub returned no page for " + pass.name());
        }
        return pages.next();
    }

    @Override
    public String hubUrl() {
        return hub.endpoint().toString();
    }

    @Override
    public boolean hasToken() {
        return hub.hasToken();
    }

    @Override
    public Map<String, Long> requestGauges() {
        Map<String, Long> gauges = new LinkedHashMap<>();
        hub.budgetUsage().buckets().forEach((bucket, usage) -> {
            String name = bucket.name().toLowerCase(java.util.Locale.ROOT);
            gauges.put(name + "_requests_window_used", (long) usage.used());
            gauges.put(name + "_requests_window_remaining", (long) usage.remaining());
        });
        return gauges;
    }
}

package org.hubdex.crawler.internal;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.hubdex.crawler.CrawlPass;
import org.hubdex.hub.ModelPage;

/**
 * Where the crawler's pages come from: the hub client in production, an in-memory listing in unit
 * tests. One call fetches one page: the first of a pass, or the one a saved next-page link names.
 */
public interface ListingSource {

    /** Fetches the first page of {@code pass} (when {@code resumeUrl} is empty) or the page at {@code resumeUrl}. */
    ModelPage fetch(CrawlPass pass, Optional<URI> resumeUrl, int pageSize);

    /** The hub's base URL, as written into events. */
    String hubUrl();

    /** Whether requests carry a token (gated models are readable only with one). */
    boolean hasToken();

    /** Gauges of the client's request budget for the metrics endpoint, by metric-name suffix. */
    Map<String, Long> requestGauges();
}

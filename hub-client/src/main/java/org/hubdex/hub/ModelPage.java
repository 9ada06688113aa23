package org.hubdex.hub;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a model listing.
 *
 * @param number 1-based position of the page in this traversal
 * @param requestUrl the URL this page was fetched from
 * @param models the page's models, in the hub's order
 * @param nextPageUrl the {@code Link: <...>; rel="next"} URL: the opaque cursor to persist and resume
 *     from with {@link ListModelsRequest.Builder#optStartUrl}; empty on the last page
 */
public record ModelPage(int number, URI requestUrl, List<ModelInfo> models, Optional<URI> nextPageUrl) {
    public ModelPage {
        Objects.requireNonNull(requestUrl, "requestUrl");
        models = List.copyOf(models);
        Objects.requireNonNull(nextPageUrl, "nextPageUrl");
    }

    /** Whether this is the listing's last page. */
    public boolean isLast() {
        return nextPageUrl.isEmpty();
    }
}

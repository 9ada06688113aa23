package org.hubdex.hub;

import java.net.URI;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy model listing: nothing is fetched until iteration starts; each page is fetched when the
 * previous one is consumed by following its {@code Link: rel="next"} URL, and iteration stops on a
 * page without one (or at the request's limit). Only the current page is held, so memory stays flat
 * whatever the listing's length.
 *
 * <p>Each call to {@link #iterator()} or {@link #pages()}{@code .iterator()} starts a new traversal
 * from the first URL. Iterators are not thread-safe; errors surface as {@link HubException} from
 * {@code hasNext()}/{@code next()} after the client's retries.
 *
 * <p>With a limit, the traversal stops after that many models; the last page is cut to fit, and its
 * {@link ModelPage#nextPageUrl()} still points after the whole page.
 */
public final class ModelListing implements Iterable<ModelInfo> {

    private final URI firstUrl;
    private final long limit;
    private final BiFunction<URI, Integer, ModelPage> fetcher;

    /** @param fetcher fetches the page at a URL with a given page number */
    ModelListing(URI firstUrl, long limit, BiFunction<URI, Integer, ModelPage> fetcher) {
        this.firstUrl = firstUrl;
        this.limit = limit;
        this.fetcher = fetcher;
    }

    /** The URL of the first page. */
    public URI firstPageUrl() {
        return firstUrl;
    }

    /** The listing page by page; each page's {@link ModelPage#nextPageUrl()} is the cursor to persist. */
    public Iterable<ModelPage> pages() {
        return PageIterator::new;
    }

    /** The models, one page fetched at a time. */
    @Override
    public Iterator<ModelInfo> iterator() {
        Iterator<ModelPage> pages = new PageIterator();
        return new Iterator<>() {
            private Iterator<ModelInfo> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!pages.hasNext()) {
                        return false;
                    }
                    current = pages.next().models().iterator();
                }
                return true;
            }

            @Override
            public ModelInfo next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the listing has no more models");
                }
                return current.next();
            }
        };
    }

    /** The models as a sequential, lazy stream. */
    public Stream<ModelInfo> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private final class PageIterator implements Iterator<ModelPage> {
        private Optional<URI> next = Optional.of(firstUrl);
        private ModelPage fetched;
        private int number;
        private long delivered;

        @Override
        public boolean hasNext() {
            if (fetched != null) {
                return true;
            }
            if (next.isEmpty() || delivered >= limit) {
                return false;
            }
            ModelPage page = fetcher.apply(next.get(), ++number);
            next = page.nextPageUrl();
            if (delivered + page.models().size() > limit) {
                page = new ModelPage(page.number(), page.requestUrl(), page.models().subList(0, (int) (limit - delivered)),
                        page.nextPageUrl());
            }
            delivered += page.models().size();
            fetched = page;
            return true;
        }

        @Override
        public ModelPage next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the listing has no more pages");
            }
            ModelPage page = fetched;
            fetched = null;
            return page;
        }
    }
}

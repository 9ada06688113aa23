package org.hubdex.crawler;

/**
 * Another crawler with the same id took over the transactional id (Kafka fenced this one). Two
 * crawlers must not share an id; this one stops rather than fight over the state.
 */
public class CrawlerFencedException extends CrawlerException {

    public CrawlerFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}

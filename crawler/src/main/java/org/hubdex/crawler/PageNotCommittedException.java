package org.hubdex.crawler;

/**
 * Kafka did not commit a page's transaction (broker down or restarting, a timeout): nothing of the
 * page is visible, and the crawler retries it from its last committed page.
 */
public class PageNotCommittedException extends CrawlerException {

    public PageNotCommittedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.hubdex.crawler;

/** Root of the crawler's own errors (the hub client's errors are {@code org.hubdex.hub.HubException}). */
public class CrawlerException extends RuntimeException {

    public CrawlerException(String message) {
        super(message);
    }

    public CrawlerException(String message, Throwable cause) {
        super(message, cause);
    }
}

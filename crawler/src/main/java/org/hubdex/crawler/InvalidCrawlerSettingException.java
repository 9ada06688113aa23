package org.hubdex.crawler;

/** A crawler setting (environment variable or flag) has an unusable value; the message names it and says what would work. */
public class InvalidCrawlerSettingException extends CrawlerException {

    public InvalidCrawlerSettingException(String message) {
        super(message);
    }
}

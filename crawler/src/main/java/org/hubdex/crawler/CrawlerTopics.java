package org.hubdex.crawler;

import java.util.Objects;
import org.hubdex.schemas.Topic;

/**
 * The topics the crawler writes: events, its own state, dead letters. The catalogue's names by
 * default; tests give each run its own.
 */
public record CrawlerTopics(String events, String state, String deadLetters) {

    public static final CrawlerTopics DEFAULT = new CrawlerTopics(Topic.MODEL_EVENTS.topicName(),
            Topic.CRAWLER_STATE.topicName(), Topic.DEAD_LETTERS.topicName());

    public CrawlerTopics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }
}

package org.hubdex.trends;

import org.hubdex.schemas.Topic;

/**
 * The topics the application reads and writes; the catalogue's names by default, others in tests and for a
 * second deployment on the same broker.
 *
 * @param events model events in ({@code hub.model-events})
 * @param trends counts and alerts out ({@code hub.trends})
 * @param deadLetters input records that cannot be read or counted ({@code hub.dead-letters})
 */
public record TrendsTopics(String events, String trends, String deadLetters) {

    public TrendsTopics {
        if (events == null || trends == null || deadLetters == null || events.isBlank() || trends.isBlank() || deadLetters.isBlank()) {
            throw new InvalidTrendsSettingException("every topic needs a name, got " + events + ", " + trends + ", " + deadLetters);
        }
    }

    /** The catalogue's topics. */
    public static TrendsTopics standard() {
        return new TrendsTopics(Topic.MODEL_EVENTS.topicName(), Topic.TRENDS.topicName(), Topic.DEAD_LETTERS.topicName());
    }
}

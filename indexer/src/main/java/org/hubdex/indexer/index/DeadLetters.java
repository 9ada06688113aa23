package org.hubdex.indexer.index;

/** Where documents Elasticsearch refused for good go. Implementations must be thread-safe. */
@FunctionalInterface
public interface DeadLetters {

    /** Records that {@code change} could not be indexed: {@code reason} from Elasticsearch, after {@code attempts} tries. */
    void send(Change change, String errorType, String reason, int attempts);

    /** Logs only. */
    static DeadLetters logging() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeadLetters.class);
        return (c, type, reason, attempts) -> log.error("dead letter: {} from {} after {} attempts: {} {}", c.modelId(), c.source(),
                attempts, type, reason);
    }
}

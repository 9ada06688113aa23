package org.hubdex.trainer.corpus;

/**
 * What an ingestor has done since it started.
 *
 * @param stored entries written
 * @param duplicates tokens records whose (model, sha) the corpus already held
 * @param deadLettered records sent to {@code hub.dead-letters}
 * @param eventsRead model events read
 * @param hubRetries times a batch was paused and re-read because the hub failed transiently
 */
public record IngestStats(long stored, long duplicates, long deadLettered, long eventsRead, long hubRetries) {

    @Override
    public String toString() {
        return stored + " entries stored, " + duplicates + " duplicates, " + deadLettered + " dead letters, " + eventsRead
                + " model events read, " + hubRetries + " hub retries";
    }
}

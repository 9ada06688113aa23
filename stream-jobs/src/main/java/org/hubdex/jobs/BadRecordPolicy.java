package org.hubdex.jobs;

/**
 * What a stage does with an input record it cannot decode or process. Never "drop silently".
 */
public enum BadRecordPolicy {
    /**
     * Emit a {@link org.hubdex.schemas.avro.DeadLetter} (as {@link Decoded.Failed}) and go on: the job
     * routes it to {@code hub.dead-letters}. The default for every Hubdex stage.
     */
    DEAD_LETTER,
    /**
     * Throw {@link UndecodableRecordException}: the job fails (and, with a restart strategy, fails
     * again on the same record after every restore). For debugging and for tests.
     */
    FAIL
}

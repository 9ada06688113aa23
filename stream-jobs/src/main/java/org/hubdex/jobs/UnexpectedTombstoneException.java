package org.hubdex.jobs;

/**
 * A record with a null value (a tombstone) on a topic whose values are events, not table rows: it has
 * nothing to decode, so it is a bad record like any other (dead-lettered or failing, by policy).
 */
public class UnexpectedTombstoneException extends JobsException {
    private static final long serialVersionUID = 1L;

    public UnexpectedTombstoneException(String message) {
        super(message, null);
    }
}

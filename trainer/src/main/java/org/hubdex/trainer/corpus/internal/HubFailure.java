package org.hubdex.trainer.corpus.internal;

import org.hubdex.hub.BadTokenException;
import org.hubdex.hub.HubException;
import org.hubdex.hub.HubServerException;
import org.hubdex.hub.HubUnreachableException;
import org.hubdex.hub.RateLimitedException;

/**
 * What the ingestor does about a hub failure that outlasted the hub client's own retries: the policy in one place.
 */
public enum HubFailure {
    /** The hub is down, overloaded or rate limiting: read the record again later; nothing is lost by waiting. */
    TRANSIENT,
    /** A fact about this model (gone, gated, disabled, that revision deleted, a malformed answer): a dead letter. */
    PERMANENT,
    /** The ingestor's own configuration is wrong (the token is refused): stop, every other record would fail too. */
    FATAL;

    public static HubFailure of(HubException e) {
        if (e instanceof HubUnreachableException || e instanceof HubServerException || e instanceof RateLimitedException) {
            return TRANSIENT;
        }
        if (e instanceof BadTokenException) {
            return FATAL;
        }
        return PERMANENT;
    }
}

package org.hubdex.zoo;

import java.time.Instant;

/**
 * A later commit of a repository: the same model trained for more epochs from its first commit's weights, as
 * real repositories receive updates.
 *
 * @param extraEpochs epochs trained on top of the first commit
 * @param seed the seed of the continued run
 * @param lastModified when the update happens on the zoo's timeline (after the first commit)
 */
public record PlannedUpdate(int extraEpochs, long seed, Instant lastModified) {

    public PlannedUpdate {
        if (extraEpochs < 1) {
            throw new IllegalArgumentException("extraEpochs must be positive, got " + extraEpochs);
        }
    }
}

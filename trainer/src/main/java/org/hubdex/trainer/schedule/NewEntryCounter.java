package org.hubdex.trainer.schedule;

import java.time.Instant;

/** How many corpus entries (model revisions) arrived at or after an instant. */
@FunctionalInterface
public interface NewEntryCounter {

    long countSince(Instant since);
}

package org.hubdex.hub;

import java.time.Instant;
import java.util.Optional;

/**
 * Dates the hub reports. Repositories created before 2022 all show the same {@code createdAt},
 * {@code 2022-03-02T23:29:04.000Z} (the date the field was introduced), so that value means "before
 * 2022, exact date unknown", not a real creation time: a crawler must neither sort by it nor take it
 * as a high-water mark.
 */
public final class HubDates {

    /** The placeholder {@code createdAt} of every repository older than 2022. */
    public static final Instant LEGACY_CREATED_AT = Instant.parse("2022-03-02T23:29:04.000Z");

    private HubDates() {
    }

    /** Whether {@code createdAt} is the pre-2022 placeholder. */
    public static boolean isLegacyCreatedAt(Instant createdAt) {
        return LEGACY_CREATED_AT.equals(createdAt);
    }

    /** {@code createdAt} when it is a real creation time: empty when absent or the pre-2022 placeholder. */
    public static Optional<Instant> knownCreatedAt(Optional<Instant> createdAt) {
        return createdAt.filter(t -> !isLegacyCreatedAt(t));
    }
}

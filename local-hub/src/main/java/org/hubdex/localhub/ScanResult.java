package org.hubdex.localhub;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one scan of the hub root changed (returned by {@link LocalHubServer#rescan()} and by
 * {@code POST /admin/rescan}).
 *
 * @param models models listed after the scan
 * @param added models listed for the first time
 * @param updated models whose commit changed
 * @param removed models whose folder vanished
 * @param unsettled folders with a file changed within the settle time: they keep their previous
 *     commit, or stay unlisted when new, until quiet
 * @param hashedBytes bytes hashed by this scan (unchanged files are not read again)
 * @param took wall time of the scan
 */
public record ScanResult(int models, List<String> added, List<String> updated, List<String> removed, List<String> unsettled,
        long hashedBytes, Duration took) {

    public ScanResult {
        added = List.copyOf(added);
        updated = List.copyOf(updated);
        removed = List.copyOf(removed);
        unsettled = List.copyOf(unsettled);
        Objects.requireNonNull(took, "took");
    }
}

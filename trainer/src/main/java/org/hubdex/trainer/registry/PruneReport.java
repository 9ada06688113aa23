package org.hubdex.trainer.registry;

import java.util.List;

/**
 * What {@link ModelRegistry#prune(int)} deleted.
 *
 * @param deletedVersions retired versions deleted, oldest first
 * @param removedIncomplete leftovers of interrupted publishes (directories without MANIFEST.json) removed
 */
public record PruneReport(List<String> deletedVersions, List<String> removedIncomplete) {

    public PruneReport {
        deletedVersions = List.copyOf(deletedVersions);
        removedIncomplete = List.copyOf(removedIncomplete);
    }
}

package org.hubdex.stack;

import java.util.List;

/**
 * What creating the catalogue's topics did.
 *
 * @param bootstrap the broker asked
 * @param created topics that did not exist and were created
 * @param existing topics that already existed (left alone)
 * @param differences one line per existing topic whose partitions or configs differ from the
 *     catalogue, e.g. {@code hub.model-embeddings: cleanup.policy is delete, catalogue says compact}
 */
public record TopicReport(String bootstrap, List<String> created, List<String> existing, List<String> differences) {

    public TopicReport {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
        differences = List.copyOf(differences);
    }

    /** Lines for terminals. */
    public List<String> toLines() {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        lines.add("topics on " + bootstrap + ": " + created.size() + " created" + (created.isEmpty() ? "" : " " + created)
                + ", " + existing.size() + " already there");
        differences.forEach(d -> lines.add("  WARNING differs from the catalogue: " + d));
        return lines;
    }
}

package org.hubdex.zoo.internal;

/** Names inside a zoo's output folder (see {@code docs/repo-folder-format.md}). */
public final class OutputLayout {

    /** The served hub root: first commits. */
    public static final String HUB = "hub";
    /** Later commits, as full folders, to be copied over the served ones. */
    public static final String UPDATES = "updates";
    /** The ground truth, one line per commit. */
    public static final String MANIFEST = "manifest.jsonl";
    /** Preset, seed, status and summary. */
    public static final String ZOO_JSON = "zoo.json";

    private OutputLayout() {
    }
}

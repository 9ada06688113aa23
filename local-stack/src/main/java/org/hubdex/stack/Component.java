package org.hubdex.stack;

/** The processes the local stack runs, in start order. */
public enum Component {
    /** Kafka broker and KRaft controller combined in one JVM. */
    KAFKA("kafka"),
    /** A single-node Elasticsearch server (two JVMs: launcher CLI and server). */
    ELASTICSEARCH("elasticsearch");

    private final String displayName;

    Component(String displayName) {
        this.displayName = displayName;
    }

    /** Lower-case name used in output, file names and PID files. */
    public String displayName() {
        return displayName;
    }
}

package org.hubdex.hub;

/** Whether a repository is gated, from the hub's {@code gated} field: {@code false}, {@code "auto"} or {@code "manual"}. */
public enum GatedMode {
    /** Not gated ({@code false}, or the field absent). */
    NONE,
    /** Access is granted automatically once the user accepts the conditions. */
    AUTO,
    /** The owners approve each request by hand. */
    MANUAL;

    /** Whether files need an accepted gate to be read. */
    public boolean isGated() {
        return this != NONE;
    }
}

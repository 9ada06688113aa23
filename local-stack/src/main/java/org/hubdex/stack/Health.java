package org.hubdex.stack;

/** What {@code status} found for a component. */
public enum Health {
    /** Our process is alive and answers its readiness check. */
    HEALTHY,
    /** Our process is alive but does not answer its readiness check (starting, overloaded or stuck). */
    UNHEALTHY,
    /** No live process of ours (no PID file, a dead PID, or a PID now used by another program). */
    STOPPED
}

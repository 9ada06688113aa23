package org.hubdex.stack;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One component as {@code status} sees it.
 *
 * @param component which component
 * @param address where clients reach it ({@code localhost:9092}, {@code http://localhost:9200})
 * @param pid the process id of its (server) JVM, if one of ours is alive
 * @param health the verdict
 * @param detail one human-readable line: why unhealthy, the cluster health, and so on
 */
public record ComponentStatus(Component component, String address, OptionalLong pid, Health health, String detail) {

    public ComponentStatus {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(detail, "detail");
    }

    /** True when {@link #health()} is {@link Health#HEALTHY}. */
    public boolean healthy() {
        return health == Health.HEALTHY;
    }

    /** One line for terminals: name, address, pid, health and detail. */
    public String toLine() {
        String pidText = pid.isPresent() ? "pid " + pid.getAsLong() : "pid -";
        return String.format("%-14s %-24s %-11s %-9s %s", component.displayName(), address, pidText,
                health.name().toLowerCase(java.util.Locale.ROOT), detail).stripTrailing();
    }
}

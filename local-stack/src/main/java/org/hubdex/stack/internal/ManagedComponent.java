package org.hubdex.stack.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hubdex.stack.Component;
import org.hubdex.stack.ComponentStatus;

/**
 * One process the stack runs. Lifecycle: {@link #checkPorts()} (fail fast), {@link #launch()} (start
 * detached, returns at once), {@link #awaitReady()} (blocks until healthy or throws), {@link #stop()}.
 * Every method is idempotent and safe to call from a different JVM than the one that launched the
 * process: state lives in PID files under the stack's home. Not thread-safe.
 */
public interface ManagedComponent {

    Component component();

    /** Where clients connect. */
    String address();

    /** Our live main process, if its PID file names a live process that is still ours. */
    Optional<ProcessHandle> live();

    /** The component's health, checked now (a few seconds at most). */
    ComponentStatus status();

    /** Throws {@link org.hubdex.stack.PortInUseException} when a port it needs is taken. */
    void checkPorts();

    /** Prepares files (once) and starts the process detached from this JVM. */
    void launch();

    /** Blocks until the component answers its readiness check; throws with the log tail on timeout or death. */
    void awaitReady();

    /** Stops exactly the processes it started (PID files, ownership checked) and waits until they are gone. */
    void stop();

    /**
     * Every file and directory it keeps, inside the home or outside it (removed by {@code reset}; other
     * tools' files in the home are left alone).
     */
    List<Path> ownedPaths();
}

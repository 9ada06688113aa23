package org.hubdex.stack.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process of ours tracked by a PID file. A PID is only trusted after checking that
 * {@code /proc/<pid>/cmdline} still contains every marker (e.g. {@code kafka.Kafka} and this stack's
 * {@code server.properties}), so a PID the kernel has since given to another program is never
 * signalled. Not thread-safe; cheap to create.
 */
public final class OwnedProcess {

    private final Path pidFile;
    private final List<String> markers;
    private final Path procRoot;

    public OwnedProcess(Path pidFile, List<String> markers) {
        this(pidFile, markers, Path.of("/proc"));
    }

    /** With another {@code /proc}, for tests. */
    public OwnedProcess(Path pidFile, List<String> markers, Path procRoot) {
        if (markers.isEmpty()) {
            throw new IllegalArgumentException("at least one command-line marker is required");
        }
        this.pidFile = pidFile;
        this.markers = List.copyOf(markers);
        this.procRoot = procRoot;
    }

    public Path pidFile() {
        return pidFile;
    }

    /** The PID in the file, if the file holds a number. */
    public OptionalLong recordedPid() {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The live process the file names, if it is still ours. */
    public Optional<ProcessHandle> live() {
        OptionalLong pid = recordedPid();
        if (pid.isEmpty() || !isOwned(pid.getAsLong())) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
    }

    /**
     * True when the recorded PID is a live process, without the ownership check. Only for a PID this
     * code has just started and written: during start-up the process execs (setsid, runuser, env,
     * a launcher script) and {@code /proc/<pid>/cmdline} can read empty for a moment, which
     * {@link #live()} would take for "gone"; and a PID written moments ago cannot have been reused.
     */
    public boolean justStartedIsAlive() {
        OptionalLong pid = recordedPid();
        return pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** True when {@code /proc/<pid>/cmdline} exists and contains every marker. */
    public boolean isOwned(long pid) {
        return commandLine(procRoot, pid).map(cmd -> markers.stream().allMatch(cmd::contains)).orElse(false);
    }

    /** The command line of {@code pid} with arguments joined by spaces; empty if the process is gone. */
    public static Optional<String> commandLine(Path procRoot, long pid) {
        try {
            byte[] raw = Files.readAllBytes(procRoot.resolve(Long.toString(pid)).resolve("cmdline"));
            if (raw.length == 0) {
                return Optional.empty(); // a zombie or a kernel thread
            }
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void write(long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, pidFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write PID file " + pidFile, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete PID file " + pidFile, e);
        }
    }

    /**
     * Sends SIGTERM to {@code process}, waits up to {@code timeout} for it to exit, then sends
     * SIGKILL and waits a little more. Returns true when the process is gone.
     */
    public static boolean terminate(ProcessHandle process, Duration timeout) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, timeout)) {
            return true;
        }
        process.destroyForcibly();
        return awaitExit(process, Duration.ofSeconds(10));
    }

    /** Polls until the process is gone (a zombie counts as gone once its parent reaps it). */
    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }
}

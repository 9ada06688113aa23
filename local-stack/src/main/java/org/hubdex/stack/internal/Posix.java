package org.hubdex.stack.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hubdex.stack.StackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few POSIX facts and commands the stack needs when it runs as root: the effective user id, the
 * unprivileged user (created with {@code useradd --system} if missing), whether that user can reach a
 * directory, and {@code chown -R}. Stateless.
 */
public final class Posix {

    private static final Logger LOG = LoggerFactory.getLogger(Posix.class);

    private Posix() {
    }

    /** The effective user id of this process, from {@code /proc/self/status}; -1 when unknown. */
    public static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not read /proc/self/status", e);
        }
        return -1;
    }

    public static boolean isRoot() {
        return effectiveUid() == 0;
    }

    /** Creates the system user {@code user} unless it exists. */
    public static void ensureUser(String user) {
        if (run(List.of("id", "-u", user)).exitCode() == 0) {
            return;
        }
        String nologin = Files.isExecutable(Path.of("/usr/sbin/nologin")) ? "/usr/sbin/nologin" : "/bin/false";
        Result r = run(List.of("useradd", "--system", "--no-create-home", "--shell", nologin, "--user-group", user));
        if (r.exitCode() != 0 && run(List.of("id", "-u", user)).exitCode() != 0) {
            throw new StackException("Could not create the unprivileged user '" + user + "' that runs Elasticsearch"
                    + " (useradd exit " + r.exitCode() + ": " + r.output().strip() + "); create it or set HUBDEX_ES_USER");
        }
        LOG.info("Created system user {} to run Elasticsearch (it refuses to run as root)", user);
    }

    /** True when {@code user} can traverse every directory down to {@code dir} and write into it. */
    public static boolean canAccess(String user, Path dir) {
        return run(List.of("runuser", "-u", user, "--", "test", "-x", dir.toString(), "-a", "-w", dir.toString())).exitCode() == 0;
    }

    /** True when {@code user} can traverse every directory down to {@code dir}. */
    public static boolean canTraverse(String user, Path dir) {
        return run(List.of("runuser", "-u", user, "--", "test", "-x", dir.toString())).exitCode() == 0;
    }

    /** {@code chown -R user: paths...} (the user's login group). */
    public static void chownRecursive(String user, List<Path> paths) {
        List<String> cmd = new ArrayList<>(List.of("chown", "-R", user + ":"));
        paths.forEach(p -> cmd.add(p.toString()));
        Result r = run(cmd);
        if (r.exitCode() != 0) {
            throw new StackException("chown -R " + user + " failed for " + paths + ": " + r.output().strip());
        }
    }

    /** Exit code and combined output of a short command. */
    public record Result(int exitCode, String output) {
    }

    /** Runs a short command (at most 60 s) and returns its exit code and output. */
    public static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}

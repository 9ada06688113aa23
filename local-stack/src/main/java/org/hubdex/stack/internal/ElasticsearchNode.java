package org.hubdex.stack.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.hubdex.stack.Component;
import org.hubdex.stack.ComponentFailedException;
import org.hubdex.stack.ComponentStatus;
import org.hubdex.stack.Health;
import org.hubdex.stack.StackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Elasticsearch server from the integ-test zip, unpacked once. Started detached
 * ({@code setsid}) as {@code bin/elasticsearch -E discovery.type=single-node -E
 * xpack.security.enabled=false ... -p <pidfile>} on the JDK of {@link StackSettings#esJavaHome()}.
 * Two JVMs run: the launcher CLI and the server; the server's PID comes from the {@code -p} file.
 *
 * <p><b>Root.</b> Elasticsearch refuses to run as root. When this JVM's effective uid is 0 the
 * system user {@link StackSettings#esUser()} is created if missing, the install, data and log
 * directories are given to it, and the server starts through {@code runuser -u USER -- env ...}. If
 * that user cannot reach {@code <home>} (e.g. a repository under {@code /root}, mode 700), the
 * install and data live under {@code /var/lib/hubdex/<hash of home>/} instead and
 * {@code <home>/elasticsearch} is a symbolic link to it.
 *
 * <p><b>Files.</b> {@code <es>/elasticsearch-<version>/} (install), {@code <es>/data},
 * {@code <es>/logs}, {@code <es>/tmp}, {@code <es>/run/elasticsearch.pid} (written by the server),
 * with {@code <es> = <home>/elasticsearch}; {@code <home>/run/elasticsearch.pid} (server) and
 * {@code <home>/run/elasticsearch-launcher.pid}; {@code <home>/logs/elasticsearch-console.log}.
 *
 * <p><b>Readiness.</b> {@code GET /_cluster/health?wait_for_status=yellow} answers yellow or green
 * (this distribution has no {@code GET /}).
 */
public final class ElasticsearchNode implements ManagedComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchNode.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FALLBACK_PARENT = Path.of("/var/lib/hubdex");

    private final StackSettings settings;
    private final StackArtifacts artifacts;
    private final Path link;
    private final Path consoleLog;
    private final Path serverPidFile;
    private final Path launcherPidFile;
    /** Shared by every health check: start-up polls several times a second, and a client owns threads. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ElasticsearchNode(StackSettings settings, StackArtifacts artifacts) {
        this.settings = settings;
        this.artifacts = artifacts;
        this.link = settings.home().resolve("elasticsearch");
        this.consoleLog = settings.home().resolve("logs/elasticsearch-console.log");
        this.serverPidFile = settings.home().resolve("run/elasticsearch.pid");
        this.launcherPidFile = settings.home().resolve("run/elasticsearch-launcher.pid");
    }

    @Override
    public Component component() {
        return Component.ELASTICSEARCH;
    }

    @Override
    public String address() {
        return settings.esUri().toString();
    }

    /** Where install and data live now: the target of {@code <home>/elasticsearch}. */
    private Path root() {
        if (Files.isSymbolicLink(link)) {
            try {
                return link.toRealPath();
            } catch (IOException e) {
                try {
                    return Files.readSymbolicLink(link);
                } catch (IOException e2) {
                    return link;
                }
            }
        }
        return link;
    }

    private Path install(Path root) {
        return root.resolve("elasticsearch-" + artifacts.elasticsearchVersion());
    }

    private OwnedProcess server() {
        return new OwnedProcess(serverPidFile, List.of("org.elasticsearch", install(root()).toString()));
    }

    private OwnedProcess serverWritten() {
        return new OwnedProcess(root().resolve("run/elasticsearch.pid"), List.of("org.elasticsearch", install(root()).toString()));
    }

    private OwnedProcess launcher() {
        return new OwnedProcess(launcherPidFile, List.of(install(root()).toString()));
    }

    @Override
    public Optional<ProcessHandle> live() {
        return server().live().or(() -> serverWritten().live());
    }

    @Override
    public ComponentStatus status() {
        Optional<ProcessHandle> p = live().or(() -> launcher().live());
        if (p.isEmpty()) {
            return new ComponentStatus(component(), address(), OptionalLong.empty(), Health.STOPPED, "not running");
        }
        OptionalLong pid = OptionalLong.of(p.get().pid());
        Optional<String> health = clusterHealth(settings.esUri(), Duration.ofSeconds(3));
        if (health.isPresent() && !health.get().equals("red")) {
            return new ComponentStatus(component(), address(), pid, Health.HEALTHY,
                    "cluster " + health.get() + ", Elasticsearch " + artifacts.elasticsearchVersion() + " on " + settings.esJavaHome());
        }
        return new ComponentStatus(component(), address(), pid, Health.UNHEALTHY,
                health.map(h -> "cluster " + h).orElse("no answer from " + address() + "/_cluster/health"));
    }

    @Override
    public void checkPorts() {
        Ports.requireFree(settings.esHttpPort(), "Elasticsearch HTTP", StackSettings.Key.ES_PORT.env());
        Ports.requireFree(settings.esTransportPort(), "Elasticsearch transport", StackSettings.Key.ES_TRANSPORT_PORT.env());
    }

    @Override
    public void launch() {
        boolean root = Posix.isRoot();
        Path esRoot = prepareRoot(root);
        Path install = install(esRoot);
        unpackOnce(esRoot, install);
        Path realInstall;
        try {
            for (String d : new String[] {"data", "logs", "tmp", "run"}) {
                Files.createDirectories(esRoot.resolve(d));
            }
            Files.deleteIfExists(esRoot.resolve("run/elasticsearch.pid"));
            Files.createDirectories(consoleLog.getParent());
            realInstall = install.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + esRoot, e);
        }
        if (root) {
            Posix.chownRecursive(settings.esUser(), List.of(esRoot));
        }
        String javaOpts = "-Xms" + settings.esHeap() + " -Xmx" + settings.esHeap();
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        if (root) {
            cmd.addAll(List.of("runuser", "-u", settings.esUser(), "--"));
        }
        cmd.addAll(List.of("env", "-u", "JAVA_HOME",
                "ES_JAVA_HOME=" + settings.esJavaHome(),
                "ES_JAVA_OPTS=" + javaOpts,
                "ES_TMPDIR=" + esRoot.resolve("tmp"),
                realInstall.resolve("bin/elasticsearch").toString(),
                "-E", "discovery.type=single-node",
                "-E", "xpack.security.enabled=false",
                "-E", "cluster.name=hubdex-local",
                "-E", "node.name=hubdex-local",
                "-E", "http.port=" + settings.esHttpPort(),
                "-E", "transport.port=" + settings.esTransportPort(),
                "-E", "path.data=" + esRoot.resolve("data"),
                "-E", "path.logs=" + esRoot.resolve("logs"),
                // a nearly full developer disk must not turn indices read-only
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                "-p", esRoot.resolve("run/elasticsearch.pid").toString()));
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(realInstall.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            launcher().write(p.pid());
            LOG.info("Started Elasticsearch launcher, pid {}{}", p.pid(), root ? " (as user " + settings.esUser() + ")" : "");
        } catch (IOException e) {
            throw new ComponentFailedException(component(), "could not start " + realInstall.resolve("bin/elasticsearch")
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void awaitReady() {
        long deadline = System.nanoTime() + settings.esStartTimeout().toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> serverProcess = serverWritten().live();
            if (serverProcess.isEmpty() && !launcher().justStartedIsAlive()) {
                throw new ComponentFailedException(component(), "the server exited during start-up.\n" + LogTail.tail(consoleLog, 40));
            }
            if (serverProcess.isPresent() && Ports.isListening(settings.esHttpPort(), 300)) {
                Optional<String> health = clusterHealth(settings.esUri(), Duration.ofSeconds(3));
                if (health.isPresent() && !health.get().equals("red")) {
                    server().write(serverProcess.get().pid());
                    return;
                }
                last = health.map(h -> "cluster " + h).orElse("no answer from /_cluster/health");
            }
            KafkaBroker.sleep(250);
        }
        throw new ComponentFailedException(component(), "not ready after " + settings.esStartTimeout().toSeconds() + " s (" + last
                + "); raise " + StackSettings.Key.ES_START_TIMEOUT.env() + " if the machine is slow.\n" + LogTail.tail(consoleLog, 40));
    }

    @Override
    public void stop() {
        Optional<ProcessHandle> launcherProcess = launcher().live();
        List<ProcessHandle> tree = new ArrayList<>();
        launcherProcess.ifPresent(l -> {
            tree.add(l);
            l.descendants().forEach(tree::add);
        });
        Optional<ProcessHandle> serverProcess = live();
        serverProcess.ifPresent(s -> {
            LOG.info("Stopping Elasticsearch, pid {}", s.pid());
            if (!OwnedProcess.terminate(s, settings.stopTimeout())) {
                throw new ComponentFailedException(component(), "pid " + s.pid() + " did not exit after SIGTERM and SIGKILL");
            }
        });
        // The launcher CLI and runuser exit once the server has; anything left of that tree is ours.
        for (ProcessHandle h : tree) {
            if (!OwnedProcess.awaitExit(h, Duration.ofSeconds(10))) {
                LOG.info("Stopping leftover Elasticsearch launcher process {}", h.pid());
                OwnedProcess.terminate(h, Duration.ofSeconds(5));
            }
        }
        server().delete();
        serverWritten().delete();
        launcher().delete();
    }

    @Override
    public List<Path> ownedPaths() {
        List<Path> out = new ArrayList<>();
        Path r = root();
        if (!r.startsWith(settings.home())) {
            out.add(r); // the /var/lib/hubdex fallback
        }
        out.addAll(List.of(link, consoleLog, serverPidFile, launcherPidFile));
        return out;
    }

    /** The cluster's status ({@code green}, {@code yellow}, {@code red}), or empty when it does not answer. */
    public static Optional<String> clusterHealth(URI base, Duration timeout) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(timeout).GET().build();
        try {
            HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200 && resp.statusCode() != 408) {
                return Optional.empty();
            }
            JsonNode status = JSON.readTree(resp.body()).path("status");
            return status.isTextual() ? Optional.of(status.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Chooses (and for root, prepares) the directory that holds install and data. */
    private Path prepareRoot(boolean root) {
        try {
            Files.createDirectories(settings.home());
            if (Files.isSymbolicLink(link)) {
                Path target = Files.readSymbolicLink(link);
                Files.createDirectories(target);
                if (root) {
                    Posix.ensureUser(settings.esUser());
                }
                return link.toRealPath();
            }
            if (!root) {
                Files.createDirectories(link);
                return link;
            }
            Posix.ensureUser(settings.esUser());
            if (Posix.canTraverse(settings.esUser(), settings.home())) {
                Files.createDirectories(link);
                return link;
            }
            Path fallback = FALLBACK_PARENT.resolve(shortHash(settings.home()));
            Files.createDirectories(fallback);
            Files.setPosixFilePermissions(FALLBACK_PARENT, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (Files.exists(link)) {
                LOG.warn("{} is a directory the user {} cannot reach; Elasticsearch uses {} instead (no link made)",
                        link, settings.esUser(), fallback);
            } else {
                Files.createSymbolicLink(link, fallback);
                LOG.info("User {} cannot reach {}: Elasticsearch lives in {} ({} links there)",
                        settings.esUser(), settings.home(), fallback, link);
            }
            return fallback;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Elasticsearch directory for " + settings.home(), e);
        }
    }

    /** First 12 hex digits of the SHA-256 of the absolute home path: a stable per-checkout directory name. */
    public static String shortHash(Path home) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(home.toAbsolutePath().normalize().toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void unpackOnce(Path esRoot, Path install) {
        if (Files.isRegularFile(install.resolve(".hubdex-unpacked"))) {
            return;
        }
        long started = System.nanoTime();
        Path staging = esRoot.resolve(".unpacking");
        try {
            deleteRecursively(staging);
            deleteRecursively(install);
            Files.createDirectories(staging);
            try (InputStream raw = Files.newInputStream(artifacts.elasticsearchZip());
                    ZipInputStream zip = new ZipInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    Path out = staging.resolve(e.getName()).normalize();
                    if (!out.startsWith(staging)) {
                        throw new IOException("zip entry outside the target: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                    boolean exec = out.getParent().getFileName().toString().equals("bin");
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            Path top = staging.resolve("elasticsearch-" + artifacts.elasticsearchVersion());
            if (!Files.isDirectory(top)) {
                throw new IOException(artifacts.elasticsearchZip() + " has no top directory " + top.getFileName());
            }
            Files.move(top, install);
            Files.writeString(install.resolve(".hubdex-unpacked"), artifacts.elasticsearchZip() + "\n");
            deleteRecursively(staging);
            LOG.info("Unpacked Elasticsearch {} into {} in {} ms", artifacts.elasticsearchVersion(), install,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new ComponentFailedException(component(), "could not unpack " + artifacts.elasticsearchZip() + " into " + install, e);
        }
    }

    /** Deletes a file tree; symbolic links are removed, never followed. */
    public static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) {
                    deleteRecursively(c);
                }
            }
        }
        Files.delete(p);
    }
}

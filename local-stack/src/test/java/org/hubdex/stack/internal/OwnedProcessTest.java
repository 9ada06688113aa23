package org.hubdex.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnedProcessTest {

    @TempDir
    Path tmp;

    private Path fakeProc(long pid, String... args) throws IOException {
        Path proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(proc.resolve(pid + "/cmdline"), String.join("\0", args) + "\0");
        return proc;
    }

    @Test
    void ownedOnlyWhenTheCommandLineHasEveryMarker() throws IOException {
        Path proc = fakeProc(4242, "/usr/bin/java", "-cp", "x.jar", "kafka.Kafka", "/home/h/.hubdex/kafka/server.properties");
        fakeProc(4343, "/usr/bin/java", "kafka.Kafka", "/elsewhere/kafka/server.properties");
        fakeProc(4444, "/usr/bin/vim", "notes.txt");
        OwnedProcess p = new OwnedProcess(tmp.resolve("kafka.pid"), List.of("kafka.Kafka", "/home/h/.hubdex/kafka/server.properties"), proc);
        assertThat(p.isOwned(4242)).isTrue();
        assertThat(p.isOwned(4343)).as("another stack's broker").isFalse();
        assertThat(p.isOwned(4444)).as("a recycled pid").isFalse();
        assertThat(p.isOwned(4545)).as("a dead pid").isFalse();
    }

    @Test
    void aRecycledPidIsNeverReportedLive() throws IOException {
        long self = ProcessHandle.current().pid();
        Path pidFile = tmp.resolve("run/kafka.pid");
        OwnedProcess ours = new OwnedProcess(pidFile, List.of("java"));
        OwnedProcess notOurs = new OwnedProcess(pidFile, List.of("kafka.Kafka", "/no/such/server.properties"));
        assertThat(ours.live()).as("no pid file yet").isEmpty();
        ours.write(self);
        assertThat(ours.recordedPid()).hasValue(self);
        assertThat(ours.live()).get().extracting(ProcessHandle::pid).isEqualTo(self);
        assertThat(notOurs.live()).isEmpty();
        ours.delete();
        assertThat(Files.exists(pidFile)).isFalse();
    }

    @Test
    void garbageInThePidFileIsIgnored() throws IOException {
        Path pidFile = Files.writeString(tmp.resolve("x.pid"), "not a pid\n");
        assertThat(new OwnedProcess(pidFile, List.of("java")).recordedPid()).isEmpty();
    }

    @Test
    void aJustStartedProcessIsAliveEvenWhileItsCommandLineReadsEmpty() throws Exception {
        Path pidFile = tmp.resolve("run/es-launcher.pid");
        // a fake /proc where the process's cmdline is empty, as it reads for a moment during exec
        Path proc = tmp.resolve("proc");
        long self = ProcessHandle.current().pid();
        Files.createDirectories(proc.resolve(Long.toString(self)));
        Files.write(proc.resolve(self + "/cmdline"), new byte[0]);
        OwnedProcess launcher = new OwnedProcess(pidFile, List.of("elasticsearch-8.19.0"), proc);
        launcher.write(self);
        assertThat(launcher.live()).as("the ownership check cannot see it").isEmpty();
        assertThat(launcher.justStartedIsAlive()).isTrue();

        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        launcher.write(exited.pid());
        assertThat(launcher.justStartedIsAlive()).isFalse();
        launcher.delete();
        assertThat(launcher.justStartedIsAlive()).isFalse();
    }
}

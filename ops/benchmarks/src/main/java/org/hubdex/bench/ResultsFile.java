package org.hubdex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a benchmark's report goes: {@code $HUBDEX_HOME/bench/<name>-<UTC time>.md} (default
 * {@code .hubdex/bench/}), or the directory named by {@code HUBDEX_BENCH_OUT}. The report holds the
 * machine, the settings and the figures, so two runs can be compared later.
 */
final class ResultsFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ResultsFile() {
    }

    static Path write(String benchmark, String report) throws IOException {
        Path dir = directory();
        Files.createDirectories(dir);
        Path file = dir.resolve(benchmark + "-" + STAMP.format(Instant.now()) + ".md");
        Files.writeString(file, report);
        return file;
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format("%d cores, max heap %d MiB, Java %s (%s), %s %s", rt.availableProcessors(),
                rt.maxMemory() / (1024 * 1024), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private static Path directory() {
        String out = System.getenv("HUBDEX_BENCH_OUT");
        if (out != null && !out.isBlank()) {
            return Path.of(out);
        }
        String home = System.getenv("HUBDEX_HOME");
        return (home != null && !home.isBlank() ? Path.of(home) : Path.of(".hubdex")).resolve("bench");
    }
}

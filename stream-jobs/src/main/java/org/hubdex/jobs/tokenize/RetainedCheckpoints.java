package org.hubdex.jobs.tokenize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints a local job left in its checkpoint directory ({@code <dir>/<job id>/chk-<n>/_metadata}),
 * so that a restarted job resumes from the newest complete one: the process may have been killed at any
 * moment, and a checkpoint is complete only once its {@code _metadata} file exists (Flink writes it last).
 */
final class RetainedCheckpoints {

    private RetainedCheckpoints() {
    }

    /** The newest complete checkpoint's {@code chk-N} directory, if any. */
    static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(RetainedCheckpoints::completeCheckpoints)
                    .max(Comparator.comparing(RetainedCheckpoints::modified).thenComparing(RetainedCheckpoints::number));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the checkpoint directory " + dir, e);
        }
    }

    /** Deletes every job directory under {@code dir} except the one holding {@code keep}: older runs' checkpoints. */
    static int pruneExcept(Path dir, Path keep) {
        Path keepJob = keep.getParent();
        int removed = 0;
        try (Stream<Path> jobs = Files.list(dir)) {
            for (Path job : jobs.filter(Files::isDirectory).toList()) {
                if (!job.equals(keepJob)) {
                    deleteTree(job);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prune the checkpoint directory " + dir, e);
        }
        return removed;
    }

    private static Stream<Path> completeCheckpoints(Path job) {
        try (Stream<Path> children = Files.list(job)) {
            List<Path> list = children.filter(p -> p.getFileName().toString().matches("chk-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata"))).toList();
            return list.stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long modified(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long number(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

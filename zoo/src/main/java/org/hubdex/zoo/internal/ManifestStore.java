package org.hubdex.zoo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hubdex.zoo.ManifestEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zoo's {@code manifest.jsonl} while a run writes it. A commit counts as finished exactly when its line is in
 * the file: the line is appended (and flushed) only after the repository folder is in place, so an interrupted run
 * leaves either a finished commit or one to redo. {@link #load} keeps the whole lines and drops a torn last one;
 * {@link #rewriteSorted} puts a finished manifest in plan order.
 *
 * <p>Thread-safe: workers append concurrently.
 */
public final class ManifestStore {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestStore.class);

    private final Path file;

    public ManifestStore(Path file) {
        this.file = file;
    }

    /** The entries already in the file; an unreadable line (a torn write) is dropped and the file rewritten without it. */
    public synchronized List<ManifestEntry> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<ManifestEntry> entries = new ArrayList<>();
        int dropped = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(ManifestCodec.decode(line));
            } catch (RuntimeException e) {
                dropped++;
                LOG.warn("dropping an unreadable manifest line (an interrupted write): {}", e.getMessage());
            }
        }
        if (dropped > 0) {
            replace(entries);
        }
        return entries;
    }

    /** Appends one finished commit. */
    public synchronized void append(ManifestEntry entry) {
        try {
            Files.writeString(file, ManifestCodec.encode(entry) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Replaces the file's content with {@code entries} (atomically). */
    public synchronized void replace(List<ManifestEntry> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(e -> text.append(ManifestCodec.encode(e)).append('\n'));
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    /** Rewrites the file sorted by plan index, then commit. */
    public synchronized void rewriteSorted(List<ManifestEntry> entries) {
        List<ManifestEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(ManifestEntry::planIndex).thenComparingInt(ManifestEntry::commit));
        replace(sorted);
    }
}

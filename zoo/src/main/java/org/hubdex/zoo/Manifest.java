package org.hubdex.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hubdex.zoo.internal.ManifestCodec;

/**
 * Reads a zoo's {@code manifest.jsonl}: one JSON object per line, one line per commit (see {@link ManifestEntry}
 * and {@code zoo/README.md} for the fields). A finished zoo's manifest is sorted by plan index, then commit.
 * Stateless and thread-safe.
 */
public final class Manifest {

    /** The manifest's file name inside the output folder. */
    public static final String FILE_NAME = "manifest.jsonl";

    private Manifest() {
    }

    /**
     * Every entry of {@code file}, in file order.
     *
     * @throws ZooException naming the line if one is not a valid entry
     */
    public static List<ManifestEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + file, e);
        }
        List<ManifestEntry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                entries.add(ManifestCodec.decode(lines.get(i)));
            } catch (RuntimeException e) {
                throw new ZooException(file + " line " + (i + 1) + " is not a manifest entry: " + e.getMessage(), e);
            }
        }
        return entries;
    }
}

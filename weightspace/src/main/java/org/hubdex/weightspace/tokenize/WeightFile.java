package org.hubdex.weightspace.tokenize;

import java.util.Objects;
import org.hubdex.weightspace.safetensors.ByteRangeSource;
import org.hubdex.weightspace.safetensors.SafetensorsHeader;

/**
 * One safetensors file of a checkpoint, opened: where its bytes come from and its validated header.
 * The tokenizer reads only the byte ranges it needs through {@link #source()}; closing the source is the
 * caller's job.
 *
 * @param path the file's path in the repository (or on disk), for records and messages
 * @param source its bytes
 * @param header its header, read from {@code source}
 */
public record WeightFile(String path, ByteRangeSource source, SafetensorsHeader header) {
    public WeightFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(header, "header");
    }
}

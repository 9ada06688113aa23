package org.hubdex.weightspace.tokenize;

import java.util.Objects;
import org.hubdex.weightspace.safetensors.TensorEntry;

/**
 * One tensor of a (possibly sharded) checkpoint: which file holds it and its header entry.
 *
 * @param file index of the file in the list given to the tokenizer (0 for a single-file model)
 * @param entry the tensor's header entry
 */
public record TensorRef(int file, TensorEntry entry) {
    public TensorRef {
        if (file < 0) {
            throw new IllegalArgumentException("file index must not be negative, got " + file);
        }
        Objects.requireNonNull(entry, "entry");
    }

    public String name() {
        return entry.name();
    }

    public long numel() {
        return entry.numel();
    }
}

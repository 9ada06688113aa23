package org.hubdex.weightspace.tokenize;

import java.util.Objects;

/**
 * A tensor of the checkpoint that is not tokenized, and why (a buffer, a boolean mask, complex values, an
 * empty tensor).
 *
 * @param name tensor name in the checkpoint
 * @param reason why it was skipped, for people
 */
public record SkippedTensor(String name, String reason) {
    public SkippedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
